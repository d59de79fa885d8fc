/**
 * PingOne: an outbound SCIM provisioning connection (Integrations → Provisioning); its Authentication method offers
 * Basic Authentication, OAuth 2 Bearer Token and OAuth 2 Client Credentials.
 */
import { CLIENT_SECRET_HINT, clientIdField, TOKEN_HINT, type GuideField, type GuideValues, type ProviderGuide } from './types.js';

/** The fields every method starts with. */
const common = (v: GuideValues): GuideField[] => [
  { label: 'SCIM base URL', value: v.scimUrl },
  { label: 'Users resource', value: '/Users' },
  { label: 'Groups resource', value: '/Groups' },
  { label: 'SCIM version', value: '2.0' },
];

/** The Auth Type Header: this directory reads `Authorization: Bearer <token>`. */
const bearerHeader: GuideField = { label: 'Auth Type Header', value: 'Bearer' };

/** The PingOne guide. */
export const PINGONE_GUIDE: ProviderGuide = {
  id: 'pingone',
  name: 'Ping Identity — PingOne',
  setup: ['Integrations → Provisioning → + → New connection → Identity Store → SCIM Outbound → Select; enter a name and Next.'],
  methods: {
    bearer: {
      supported: true,
      where: 'Configure authentication → Authentication method: `OAuth 2 Bearer Token`',
      fields: (v) => [...common(v), { label: 'OAuth Access Token', hint: TOKEN_HINT }, bearerHeader],
    },
    oauth: {
      supported: true,
      where: 'Configure authentication → Authentication method: `OAuth 2 Client Credentials`',
      prepare: 'Create an OAuth client on the Tokens page (name it after this connection, e.g. “PingOne production”).',
      fields: (v) => [
        ...common(v),
        { label: 'OAuth Token Request', value: v.tokenEndpoint },
        clientIdField('OAuth Client ID', v),
        { label: 'OAuth Client Secret', hint: CLIENT_SECRET_HINT },
        bearerHeader,
      ],
    },
    federation: {
      supported: false,
      why: 'PingOne’s SCIM connection authenticates with Basic Authentication, a bearer token or client credentials; it signs no client assertion. Use OAuth 2 Client Credentials.',
    },
  },
  userIdentifier: 'User Identifier: `userName`. User Filter Expression: `userName Eq "%s"`.',
  after: [
    'Test connection, then Continue and finish the connection.',
    'Create a provisioning rule that selects the users (and groups) to provision, and enable the connection.',
  ],
  quirks: [
    'PingOne writes filter operators capitalised (`Eq`) and its examples lowercase attribute names (`username`); both are read case-insensitively, as RFC 7644 §3.4.2.2 says.',
  ],
};
