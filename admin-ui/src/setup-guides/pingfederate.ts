/**
 * PingFederate: the SCIM Provisioner (SCIM connector) of an SP connection's outbound provisioning; its
 * Authentication Methods are None, Basic Authentication, OAuth 2 Bearer Token and OAuth 2 Client Credentials.
 */
import { CLIENT_SECRET_HINT, clientIdField, TOKEN_HINT, type GuideField, type GuideValues, type ProviderGuide } from './types.js';

/** The fields every method starts with. */
const common = (v: GuideValues): GuideField[] => [
  { label: 'SCIM URL', value: v.scimUrl },
  { label: 'SCIM Version', value: '2.0' },
];

/** The PingFederate guide. */
export const PINGFEDERATE_GUIDE: ProviderGuide = {
  id: 'pingfederate',
  name: 'Ping Identity — PingFederate',
  setup: ['In the SP connection of this application: outbound provisioning with the SCIM Provisioner as the target; its settings:'],
  methods: {
    bearer: {
      supported: true,
      where: 'Authentication Methods: `OAuth 2 Bearer Token`',
      fields: (v) => [...common(v), { label: 'Access Token', hint: TOKEN_HINT }],
    },
    oauth: {
      supported: true,
      where: 'Authentication Methods: `OAuth 2 Client Credentials`',
      prepare: 'Create an OAuth client on the Tokens page (name it after this connection, e.g. “PingFederate production”).',
      fields: (v) => [
        ...common(v),
        { label: 'Token Request Endpoint', value: v.tokenEndpoint, hint: 'named “OAuth 2 Token Request Endpoint” in older releases' },
        clientIdField('Client ID', v),
        { label: 'Client Secret', hint: CLIENT_SECRET_HINT },
        { label: 'Scope', hint: 'leave empty: access tokens here carry no scopes, and a scope sent is ignored' },
      ],
    },
    federation: {
      supported: false,
      why: 'PingFederate’s SCIM Provisioner authenticates with Basic Authentication, a bearer token or client credentials; it signs no client assertion. Use OAuth 2 Client Credentials.',
    },
  },
  userIdentifier: 'SCIM Overrides → Unique User Identifier: `userName` (the default; PingFederate then looks users up with `userName eq <value>`).',
  after: ['Save the target, map the attributes of the channel, and activate the channel and the connection.'],
  quirks: [
    'PingFederate looks a user up with a filter on the Unique User Identifier when it does not know the user’s id here; with `userName` the lookup finds the one user of that name (userName is unique per directory, in any case).',
  ],
};
