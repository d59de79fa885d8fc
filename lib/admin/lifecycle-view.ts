/**
 * The lifecycle fields every credential-like thing shows in the admin API (tokens, OAuth clients): when it was
 * created, expires, was revoked and last used, and the state those add up to.
 */

/** What a token or client knows of its lifecycle. */
export interface Lifecycle {
  readonly createdAt: Date;
  readonly expiresAt: Date | null;
  readonly revokedAt: Date | null;
  readonly lastUsedAt: Date | null;
  readonly active: boolean;
}

/** The lifecycle fields as the admin API shows them (ISO times, `state` of active, expired or revoked). */
export function lifecycleView(c: Lifecycle): Record<string, unknown> {
  return {
    createdAt: c.createdAt.toISOString(),
    expiresAt: c.expiresAt?.toISOString() ?? null,
    revokedAt: c.revokedAt?.toISOString() ?? null,
    lastUsedAt: c.lastUsedAt?.toISOString() ?? null,
    active: c.active,
    state: c.revokedAt ? 'revoked' : c.active ? 'active' : 'expired',
  };
}
