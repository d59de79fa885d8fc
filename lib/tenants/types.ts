/**
 * Tenants and their credentials as the service and the admin API see them.
 */
import type { TenantSettings } from './tenant-settings.js';

/** A tenant: one SCIM directory with its own URL, credentials and data. */
export interface Tenant {
  readonly id: string;
  readonly name: string;
  readonly enabled: boolean;
  readonly createdAt: Date;
  readonly settings: TenantSettings;
}

/** A credential as listed: never the secret, only its display prefix. */
export interface CredentialInfo {
  readonly id: string;
  readonly tenantId: string;
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
