/**
 * Tenants and their credentials as the service and the admin API see them.
 */
import type { CredentialKind } from '../store/named-credentials-store.js';
import type { TenantSettings } from './tenant-settings.js';

export type { CredentialKind } from '../store/named-credentials-store.js';

/** A tenant: one SCIM directory with its own URL, credentials and data. */
export interface Tenant {
  readonly id: string;
  readonly name: string;
  readonly enabled: boolean;
  readonly createdAt: Date;
  readonly settings: TenantSettings;
  /** Changes whenever the tenant's own extension schemas change: the key of its cached schema registry. */
  readonly schemaVersion?: number;
}

/** A credential as listed: never the secret, only its display prefix. */
export interface CredentialInfo {
  readonly id: string;
  readonly tenantId: string;
  /** The name an administrator gave it ("Entra production"), so each connection's credential can be told apart. */
  readonly name: string;
  /** `token` (a static bearer token) or `oauth_access` (an access token issued at the token endpoint). */
  readonly kind: CredentialKind;
  readonly prefix: string;
  readonly createdAt: Date;
  readonly expiresAt: Date | null;
  readonly revokedAt: Date | null;
  readonly lastUsedAt: Date | null;
  /** Neither revoked nor expired. */
  readonly active: boolean;
}

/** A newly issued credential: the only time the token is available. */
export interface IssuedCredential {
  readonly credential: CredentialInfo;
  /** The bearer token. Show it once; it is stored only as a digest. */
  readonly token: string;
}
