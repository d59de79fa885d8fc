/**
 * Okta: a SAML or SWA app integration with SCIM provisioning. Its Authentication Mode offers Basic Auth, HTTP Header
 * (a bearer token) and OAuth 2, which is the authorization code grant (Access token endpoint URI, Authorization
 * endpoint URI, Client ID, Client Secret, then an interactive sign-in) — not the client credentials grant served here.
 */
import { TOKEN_HINT, type ProviderGuide } from './types.js';

/** The Okta guide. */
export const OKTA_GUIDE: ProviderGuide = {
  id: 'okta',
  name: 'Okta',
  setup: [
    'Admin Console → Applications → Applications → Create App Integration → SAML 2.0 (or SWA), and finish the wizard.',
    'General tab → App Settings → Edit → Provisioning: `SCIM` → Save.',
    'Provisioning tab → Settings → Integration → Edit:',
  ],
  methods: {
    bearer: {
      supported: true,
      where: 'Authentication Mode: `HTTP Header`',
      fields: (v) => [
        { label: 'SCIM connector base URL', value: v.scimUrl },
        { label: 'Unique identifier field for users', value: 'userName' },
        { label: 'Supported provisioning actions', hint: 'Import New Users and Profile Updates, Push New Users, Push Profile Updates, Push Groups' },
        { label: 'Authorization (Bearer)', hint: `${TOKEN_HINT}, without the word “Bearer”` },
      ],
    },
    oauth: {
      supported: false,
      why: 'Okta’s “OAuth 2” Authentication Mode uses the authorization code grant (Access token endpoint URI, Authorization endpoint URI, Client ID, Client Secret, then a sign-in in the browser); this directory’s token endpoint serves the client credentials grant only. Use HTTP Header with a token.',
    },
    federation: {
      supported: false,
      why: 'Okta’s SCIM provisioning has no client assertion (workload identity) authentication. Use HTTP Header with a token.',
    },
  },
  userIdentifier: 'Unique identifier field for users: `userName`.',
  after: [
    'Test Connector Configuration, then Save.',
    'Provisioning → To App → Edit: Create Users, Update User Attributes and Deactivate Users on; Sync Password off (passwords are not stored here). Save.',
    'Assignments: assign people or groups. Push Groups: push the groups whose memberships should arrive here.',
  ],
  quirks: [
    'Okta replaces whole users and groups with PUT; the full object is accepted and members are changed as a set.',
    'Okta deactivates (`active: false`) rather than deletes unassigned users: they stay here, inactive.',
  ],
};
