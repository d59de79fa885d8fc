/**
 * Microsoft Entra ID: its provisioning settings offer all three methods (Admin Credentials → Authentication Method:
 * Secret Token, OAuth2 client credentials grant, Workload Identity based authentication).
 */
import { CLIENT_SECRET_HINT, clientIdField, TOKEN_HINT, trustIdField, type ProviderGuide } from './types.js';

/** The `aadOptscim062020` flag makes Entra send standard SCIM PATCH requests; this directory accepts both. */
const tenantUrl = (scimUrl: string): string => `${scimUrl}?aadOptscim062020`;

/** The Entra guide. */
export const ENTRA_GUIDE: ProviderGuide = {
  id: 'entra',
  name: 'Microsoft Entra ID',
  setup: [
    'Entra admin center → Enterprise applications → New application → Create your own application → “Integrate any other application you don’t find in the gallery (Non-gallery)”.',
    'In the application: Provisioning → Get started (or New configuration). Provisioning Mode: `Automatic`. Then, under Admin Credentials:',
  ],
  methods: {
    bearer: {
      supported: true,
      where: 'Authentication Method: `Secret Token`',
      fields: (v) => [
        { label: 'Tenant URL', value: tenantUrl(v.scimUrl), hint: 'the aadOptscim062020 flag asks for standard SCIM PATCH requests; without it Entra’s older ones are accepted too' },
        { label: 'Secret Token', hint: TOKEN_HINT },
      ],
    },
    oauth: {
      supported: true,
      where: 'Authentication Method: `OAuth2 client credentials grant`',
      prepare: 'Create an OAuth client on the Tokens page (name it after this connection, e.g. “Entra production”).',
      fields: (v) => [
        { label: 'Tenant URL', value: tenantUrl(v.scimUrl) },
        { label: 'Token Endpoint', value: v.tokenEndpoint },
        clientIdField('Client Identifier', v),
        { label: 'Client Secret', hint: CLIENT_SECRET_HINT },
      ],
    },
    federation: {
      supported: true,
      where: 'Authentication Method: `Workload Identity based authentication`',
      prepare:
        'Create a trust on the Tokens page: issuer `https://login.microsoftonline.com/<your Entra tenant id>/v2.0`, subject the object id of the identity that signs, audience the application id, tenant id your Entra tenant id, JWKS URL `https://login.microsoftonline.com/<your Entra tenant id>/discovery/v2.0/keys`.',
      fields: (v) => [
        { label: 'Tenant URL', value: tenantUrl(v.scimUrl) },
        { label: 'Token Endpoint', value: v.tokenEndpoint },
        trustIdField('Client Identifier', v),
      ],
    },
  },
  userIdentifier: 'Mappings → Provision Microsoft Entra ID Users: keep `userPrincipalName` → `userName` as the matching attribute.',
  after: [
    'Select “Test Connection”: Entra reads /Users with a filter; success means URL and credentials are right. Save.',
    'Entra leaves mail empty for users without a mailbox: map the expression `Coalesce([mail], [userPrincipalName])` to `emails[type eq "work"].value`, and `Coalesce([displayName], Join(" ", [givenName], [surname]), [userPrincipalName])` to `displayName`.',
    'Users and groups: assign the users and groups to provision. Settings → Scope: “Sync only assigned users and groups”. Provisioning Status: On, and Save.',
  ],
  quirks: [
    'Without the flag, Entra sends PATCH operations as `Add`/`Replace` and booleans as strings (`"False"`); both are read as standard SCIM.',
    'Entra removes group members with `{"op":"Remove","path":"members","value":[{"value":"<id>"}]}`: only those members are removed.',
    'Entra provisions in cycles of about 40 minutes; “Provision on demand” pushes one user at once, and the event log here shows the result.',
  ],
};
