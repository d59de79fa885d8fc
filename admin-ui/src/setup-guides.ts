/**
 * Setup guides for the common identity providers, filled in with this directory's SCIM URL. Each step is text;
 * values to paste are shown as code with a copy button where it matters.
 */
import { h, type Child } from './dom.js';

/** One identity provider's guide. */
export interface SetupGuide {
  readonly id: string;
  readonly name: string;
  readonly steps: (scimUrl: string) => Child[];
  readonly notes?: (scimUrl: string) => Child[];
}

const code = (text: string): HTMLElement => h('code', null, text);
const li = (...children: Child[]): HTMLElement => h('li', null, ...children);

/** The guides, in the order they are offered. */
export const SETUP_GUIDES: readonly SetupGuide[] = [
  {
    id: 'entra',
    name: 'Microsoft Entra ID',
    steps: (url) => [
      li('Entra admin center → Enterprise applications → New application → Create your own application → “Integrate any other application you don’t find in the gallery (Non-gallery)”.'),
      li('In the application: Provisioning → Get started (or New configuration). Provisioning Mode: ', code('Automatic'), '.'),
      li('Tenant URL: ', code(`${url}?aadOptscim062020`), ' — the ', code('aadOptscim062020'), ' flag makes Entra send standard SCIM PATCH requests (it is safe to leave off; this directory accepts both).'),
      li('Authentication Method — one of: ', code('Secret Token'), ': the token of this directory. ', code('OAuth2 client credentials grant'), ': create an OAuth client on the Tokens page and paste its Token Endpoint ', code(`${url.replace(/\/v2$/, '')}/oauth/token`), ', Client Identifier and Client Secret. ', code('Workload Identity based authentication'), ': create a trust (', code('scim-directory trusts create'), ' with issuer ', code('https://login.microsoftonline.com/<your tenant id>/v2.0'), ', subject the managed identity’s object id, audience the application id) and paste the same Token Endpoint and the trust’s client id.'),
      li('Select “Test Connection”: Entra sends a GET /Users with a filter; success means URL and credentials are right.'),
      li('Mappings → Provision Microsoft Entra ID Users. Keep ', code('userPrincipalName → userName'), '. Entra leaves emails empty for users without a mailbox, so set the email mapping to the expression ', code('Coalesce([mail], [userPrincipalName])'), ' with target ', code('emails[type eq "work"].value'), '.'),
      li('For a name that is never empty, map ', code('displayName'), ' from ', code('Coalesce([displayName], Join(" ", [givenName], [surname]), [userPrincipalName])'), '.'),
      li('Users and groups: assign the users and groups to provision. Settings → Scope: “Sync only assigned users and groups”. Then Provisioning Status: On, and Save.'),
    ],
    notes: () => [h('p', null, 'Entra provisions in cycles of about 40 minutes; use “Provision on demand” to push one user at once and see the result here in the event log.')],
  },
  {
    id: 'okta',
    name: 'Okta',
    steps: (url) => [
      li('Admin Console → Applications → Create App Integration → SAML 2.0 (or SWA), finish the wizard; then General → App Settings → Provisioning: ', code('SCIM'), '.'),
      li('Provisioning tab → Integration → Edit. SCIM connector base URL: ', code(url), '.'),
      li('Unique identifier field for users: ', code('userName'), '.'),
      li('Supported provisioning actions: Import New Users and Profile Updates, Push New Users, Push Profile Updates, Push Groups.'),
      li('Authentication Mode: ', code('HTTP Header'), '; Authorization: Bearer — paste the token (without the word “Bearer”). Test Connector Configuration, then Save.'),
      li(
        'The To App checklist (Provisioning → To App → Edit): ',
        h('ul', null, li('Create Users: on'), li('Update User Attributes: on'), li('Deactivate Users: on'), li('Sync Password: off (passwords are not stored here)')),
      ),
      li('Assignments: assign people or groups. Push Groups: push the groups whose memberships should arrive here.'),
    ],
    notes: () => [h('p', null, 'Okta replaces whole users and groups with PUT; this directory accepts that. Okta deactivates (active=false) rather than deletes users.')],
  },
  {
    id: 'onelogin',
    name: 'OneLogin',
    steps: (url) => [
      li('Applications → Add App → search “SCIM Provisioner with SAML (SCIM v2 Enterprise)” → Save.'),
      li('Configuration: SCIM Base URL ', code(url), '; SCIM Bearer Token: the token. API Connection: Enable.'),
      li('Provisioning: tick “Enable provisioning”; choose whether deletions and suspensions need admin approval.'),
      li('Parameters: check that “Groups” is included in User Provisioning if group memberships should arrive.'),
      li('Users or Access: grant users the app; OneLogin then provisions them.'),
    ],
  },
  {
    id: 'jumpcloud',
    name: 'JumpCloud',
    steps: (url) => [
      li('SSO Applications → Add New Application → Custom Application (SAML) and configure sign-in.'),
      li('Identity Management tab → SCIM API type: ', code('SCIM 2.0'), '.'),
      li('Base URL: ', code(url), '; Token Key: the token. Test Connection, then Activate.'),
      li('Group Management: enable it to push JumpCloud user groups bound to the application.'),
      li('User Groups tab: bind the groups whose users should be provisioned.'),
    ],
  },
  {
    id: 'google',
    name: 'Google Workspace',
    steps: (url) => [
      li('Google offers automated provisioning for apps of its catalog; the screens below appear when your app connector asks for an endpoint. Admin console → Apps → Web and mobile apps → your SAML app → Auto-provisioning → Configure.'),
      li('Endpoint URL: ', code(url), '; Access token: the token.'),
      li('Attribute mapping: map Primary email to ', code('userName'), ' and to ', code('emails[type eq "work"].value'), '.'),
      li('Provisioning scope: the groups or organisational units to provision. Deprovisioning: choose what suspension and deletion do.'),
      li('Turn auto-provisioning on.'),
    ],
    notes: () => [h('p', null, 'If your Google edition or app offers no auto-provisioning for a custom endpoint, provision through another identity provider that syncs from Google.')],
  },
  {
    id: 'ping',
    name: 'Ping Identity',
    steps: (url) => [
      li('PingOne: Integrations → Provisioning → New connection → Identity Store → SCIM Outbound.'),
      li('SCIM Base URL: ', code(url), '; Users resource ', code('/Users'), '; Groups resource ', code('/Groups'), '.'),
      li('Authentication method: ', code('OAuth 2 Bearer Token'), '; paste the token. Test Connection.'),
      li('User filter expression: ', code('userName Eq "%s"'), '; user identifier: ', code('userName'), '.'),
      li('Create a provisioning rule that selects the users (and groups) to provision and enable the connection.'),
    ],
    notes: () => [h('p', null, 'PingFederate: use the SCIM connector for outbound provisioning with the same base URL and a bearer-token authentication.')],
  },
];
