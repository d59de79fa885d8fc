/**
 * OneLogin: the “SCIM Provisioner with SAML” app templates; their API Connection takes a SCIM Base URL and a SCIM
 * Bearer Token, and no other authentication.
 */
import { TOKEN_HINT, type ProviderGuide } from './types.js';

/** The OneLogin guide. */
export const ONELOGIN_GUIDE: ProviderGuide = {
  id: 'onelogin',
  name: 'OneLogin',
  setup: [
    'Applications → Add App → search “SCIM Provisioner with SAML (SCIM v2 Enterprise)” (or “SCIM v2 Core”: the templates named SCIM v2 speak SCIM 2.0) → Save.',
    'Configuration tab → API Connection:',
  ],
  methods: {
    bearer: {
      supported: true,
      where: 'API Connection',
      fields: (v) => [
        { label: 'SCIM Base URL', value: v.scimUrl },
        { label: 'SCIM Bearer Token', hint: TOKEN_HINT },
        { label: 'SCIM JSON Template', hint: 'keep the template’s `"userName": "{$parameters.scimusername}"`' },
      ],
    },
    oauth: {
      supported: false,
      why: 'OneLogin’s SCIM provisioner authenticates with the SCIM Bearer Token only; it has no OAuth client credentials setting. Use a token.',
    },
    federation: {
      supported: false,
      why: 'OneLogin’s SCIM provisioner has no client assertion (workload identity) authentication. Use a token.',
    },
  },
  userIdentifier: 'Parameters → `SCIM Username`: map it (to Email, for instance); the template sends it as `userName`.',
  after: [
    'API Connection: Enable, then Save.',
    'Provisioning tab: tick “Enable provisioning”; choose whether creating, deleting and suspending users need an administrator’s approval.',
    'Parameters: include “Groups” in User Provisioning if group memberships should arrive. Users: grant users the app.',
  ],
  quirks: [
    'Templates may send `"active": "{$user.active}"`, a boolean as a string, and `"id": null`; the string is read as a boolean and the null is ignored.',
  ],
};
