/**
 * Shapes of the admin API's answers, as the UI reads them.
 */

export interface TenantSettings {
  eventLogSize: number;
  groupPatchResponse: 'noContent' | 'resource';
  linkUsersOnConflict: boolean;
  rateLimitPerSecond: number;
  rateLimitBurst: number;
  deprovisioningGuard: boolean;
  deprovisioningGuardPercent: number;
  deprovisioningGuardMinimum: number;
  deprovisioningGuardWindowMinutes: number;
}

export interface Tenant {
  id: string;
  name: string;
  enabled: boolean;
  createdAt: string;
  scimUrl: string;
  settings: TenantSettings;
}

export interface Credential {
  id: string;
  name: string;
  kind: 'token' | 'oauth_access';
  prefix: string;
  createdAt: string;
  expiresAt: string | null;
  revokedAt: string | null;
  lastUsedAt: string | null;
  active: boolean;
  state: 'active' | 'revoked' | 'expired';
}

/** An OAuth client as the admin API lists it. */
export interface OAuthClient {
  id: string;
  clientId: string;
  name: string;
  kind: 'oauth_client';
  createdAt: string;
  expiresAt: string | null;
  revokedAt: string | null;
  lastUsedAt: string | null;
  active: boolean;
  state: 'active' | 'revoked' | 'expired';
}

/** A workload identity federation trust as the admin API lists it. */
export interface Trust {
  id: string;
  clientId: string;
  name: string;
  kind: 'federated_trust';
  issuer: string;
  subject: string;
  audience: string;
  tenantClaim: string | null;
  algorithm: string;
  jwksUrl: string | null;
  createdAt: string;
  revokedAt: string | null;
  lastUsedAt: string | null;
  state: 'active' | 'revoked';
}

/** A client with a new secret: the only time the secret is shown. */
export interface IssuedClient {
  client: OAuthClient;
  clientSecret: string;
  tokenEndpoint: string;
}

export interface Issued {
  credential: Credential;
  token: string;
}

export interface Status {
  tenantId: string;
  enabled: boolean;
  scimUrl: string;
  users: number;
  activeUsers: number;
  groups: number;
  activeCredentials: number;
  lastRequest: { at: string; provider: string | null; userAgent: string | null; method: string; path: string; status: number } | null;
  requestsLast24h: number;
  errorsLast24h: number;
}

export interface Page<T> {
  totalResults: number;
  startIndex: number;
  itemsPerPage: number;
  items: T[];
}

export interface UserSummary {
  id: string;
  userName: string;
  displayName: string | null;
  name: string | null;
  email: string | null;
  externalId: string | null;
  active: boolean;
  created: string;
  lastModified: string;
}

/** A group a user is in: directly, or through the nested groups named in `via`. */
export interface UserGroup {
  id: string;
  displayName: string;
  type: 'direct' | 'indirect';
  via: { id: string; displayName: string }[];
}

export interface UserDetail {
  resource: Record<string, unknown>;
  groups: UserGroup[];
  /** The extension schemas a user may carry (enterprise, the application's, the directory's own), in order. */
  extensionSchemas?: SchemaDefinition[];
  /** The enterprise manager, when the user names one that is a user of the directory. */
  manager?: UserLabel | null;
}

/** A user named on another's page. */
export interface UserLabel {
  id: string;
  userName: string;
  displayName: string | null;
}

/** An attribute of a schema (RFC 7643 §7). */
export interface AttributeDefinition {
  name: string;
  type: 'string' | 'boolean' | 'decimal' | 'integer' | 'dateTime' | 'reference' | 'binary' | 'complex';
  multiValued: boolean;
  description: string;
  required: boolean;
  caseExact: boolean;
  mutability: 'readOnly' | 'readWrite' | 'immutable' | 'writeOnly';
  returned: 'always' | 'never' | 'default' | 'request';
  uniqueness: 'none' | 'server' | 'global';
  canonicalValues?: string[];
  referenceTypes?: string[];
  subAttributes?: AttributeDefinition[];
}

/** A schema (RFC 7643 §7). */
export interface SchemaDefinition {
  id: string;
  name: string;
  description: string;
  attributes: AttributeDefinition[];
}

/** An extension schema of a directory (`GET api/tenants/:id/schemas`). */
export interface ListedSchema extends SchemaDefinition {
  resourceType: 'User' | 'Group';
  /** `host`: declared by the application, read-only here; `tenant`: defined by an administrator. */
  source: 'host' | 'tenant';
}

export interface GroupSummary {
  id: string;
  displayName: string;
  externalId: string | null;
  memberCount: number;
  created: string;
  lastModified: string;
}

export interface GroupDetail {
  summary: GroupSummary;
  resource: Record<string, unknown>;
  /** The Group extension schemas of the directory, in order. */
  extensionSchemas?: SchemaDefinition[];
}

export interface GroupMember {
  id: string;
  type: 'User' | 'Group';
  name: string | null;
  displayName: string | null;
  active: boolean | null;
}

export interface EventSummary {
  id: string;
  at: string;
  requestId: string;
  method: string;
  path: string;
  query: string | null;
  status: number;
  durationMs: number;
  provider: string | null;
  userAgent: string | null;
  resourceType: string | null;
  resourceId: string | null;
  /** The userName or displayName of the user or group the request was about, when its bodies say. */
  resourceName: string | null;
  /** The name of the credential that authenticated the request (or the OAuth client that asked for a token). */
  credentialName: string | null;
  /** `token`, `oauth_access` or `oauth_client`. */
  credentialKind: string | null;
}

export interface EventDetail extends EventSummary {
  requestBody: string | null;
  responseBody: string | null;
}

export interface EventList {
  totalResults: number;
  eventLogSize: number;
  events: EventSummary[];
}

/** An entry of the audit trail of administration (`GET api/audit`). */
export interface AuditEntry {
  id: string;
  at: string;
  action: string;
  actor: string | null;
  source: 'ui' | 'api' | 'cli' | 'host' | string;
  tenantId: string;
  tenantName: string | null;
  target: { type: string; id: string; name: string | null } | null;
  details: Record<string, unknown>;
}
