/**
 * Google Workspace: automated user provisioning of a SAML app, where Google offers it; its form asks for an
 * Endpoint URL and an Access token, nothing else.
 */
import { TOKEN_HINT, type ProviderGuide } from './types.js';

/** The Google Workspace guide. */
export const GOOGLE_WORKSPACE_GUIDE: ProviderGuide = {
  id: 'google',
  name: 'Google Workspace',
  setup: [
    'Admin console → Apps → Web and mobile apps → your SAML app → Auto-provisioning → Configure auto-provisioning.',
    'Google offers auto-provisioning for apps of its catalog that support it; if your app shows no Auto-provisioning section, provision through another identity provider that reads users from Google.',
  ],
  methods: {
    bearer: {
      supported: true,
      where: 'Auto-provisioning',
      fields: (v) => [
        { label: 'Access token', hint: TOKEN_HINT },
        { label: 'Endpoint URL', value: v.scimUrl },
      ],
    },
    oauth: {
      supported: false,
      why: 'Google’s auto-provisioning asks for an access token and an endpoint URL only; it does not fetch tokens with client credentials. Use a token.',
    },
    federation: {
      supported: false,
      why: 'Google’s auto-provisioning has no client assertion (workload identity) authentication. Use a token.',
    },
  },
  userIdentifier: 'Attribute mapping: map Primary email to `userName`.',
  after: [
    'Provisioning scope: the groups or organisational units to provision. Deprovisioning: choose what suspension and deletion do.',
    'Finish, and switch auto-provisioning on.',
  ],
  quirks: [],
};
