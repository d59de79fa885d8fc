/**
 * JumpCloud: the Identity Management tab of an SSO application (a custom SCIM integration); it authenticates with a
 * SCIM API key or a bearer token.
 */
import { TOKEN_HINT, type ProviderGuide } from './types.js';

/** The JumpCloud guide. */
export const JUMPCLOUD_GUIDE: ProviderGuide = {
  id: 'jumpcloud',
  name: 'JumpCloud',
  setup: [
    'SSO Applications → Add New Application → Custom Application; tick “Export users to this app (Identity Management)” (and single sign-on if wanted); Save, then Configure Application.',
    'Identity Management tab → SCIM Version: `SCIM 2.0`:',
  ],
  methods: {
    bearer: {
      supported: true,
      where: 'Identity Management → Configuration settings',
      fields: (v) => [
        { label: 'Base URL', value: v.scimUrl },
        { label: 'Token Key', hint: TOKEN_HINT },
        { label: 'Test User Email', hint: 'the email of an existing JumpCloud user, used by Test Connection' },
      ],
    },
    oauth: {
      supported: false,
      why: 'JumpCloud’s custom SCIM integration authenticates with a SCIM API key or a bearer token only; it has no OAuth client credentials setting. Use a token.',
    },
    federation: {
      supported: false,
      why: 'JumpCloud’s custom SCIM integration has no client assertion (workload identity) authentication. Use a token.',
    },
  },
  userIdentifier: 'JumpCloud fills `userName` from the user’s account; it is the attribute kept unique here. After Test Connection, the event log shows which value arrived.',
  after: [
    'Test Connection, then Activate, then Save.',
    'User Groups tab: bind the groups whose users should be provisioned; with group management on, those groups arrive too.',
  ],
  quirks: [
    'Test Connection creates a test user and a test group and deletes them again; both requests show in the event log, and nothing is left behind.',
  ],
};
