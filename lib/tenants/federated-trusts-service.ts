/**
 * Workload identity federation: a tenant trusts an issuer (Entra ID, a cloud's workload identity, a CI system) to
 * sign client assertions (RFC 7523 §2.2) for one subject and audience, so no shared secret exists. The token
 * endpoint accepts such an assertion as the client's authentication: its signature is checked with the trust's keys
 * and only its pinned algorithm, `iss`, `sub`, `aud`, `exp` and `nbf` (and `tid` when the trust names a tenant) must
 * match, and an assertion already accepted is refused until it expires. `jose` does the cryptography.
 */
import { createHash } from 'node:crypto';
import { createLocalJWKSet, decodeJwt, jwtVerify, type JSONWebKeySet, type JWTPayload } from 'jose';
import type { Knex } from 'knex';
import { findLiveTrusts, findTrust, insertTrust, listTrustRows, recordAssertionUse, revokeTrust, touchTrust, type NewTrust, type TrustRow } from '../store/federated-trusts-store.js';
import { revokeAccessTokensOf } from '../store/oauth-clients-store.js';
import { findTenantRow } from '../store/tenants-store.js';
import type { AuditActor, AuditRecord } from './admin-audit.js';
import { isJwks, jwksUrlProblem, type JwksFetcher } from './jwks-fetcher.js';
import { isTenantId } from './secrets.js';
import type { TenantsService } from './tenants-service.js';

/** The client assertion type of RFC 7523 §2.2. */
export const JWT_BEARER_ASSERTION = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

/** Signature algorithms a trust may pin (asymmetric only: the issuer's public keys verify). */
export const TRUST_ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'EdDSA'] as const;

/** A trust as listed. */
export interface TrustInfo {
  /** The client identifier of the trust (what an identity provider may send as `client_id`). */
  readonly id: string;
  readonly tenantId: string;
  readonly name: string;
  readonly kind: 'federated_trust';
  readonly issuer: string;
  readonly subject: string;
  readonly audience: string;
  readonly tenantClaim: string | null;
  readonly algorithm: string;
  readonly jwksUrl: string | null;
  readonly createdAt: Date;
  readonly revokedAt: Date | null;
  readonly lastUsedAt: Date | null;
  /** Trusts do not expire; they are revoked. */
  readonly expiresAt: null;
  readonly active: boolean;
}

/** What a new trust is made of. Exactly one of `jwksUrl` and `jwks`. */
export interface NewTrustInput {
  readonly name: string;
  readonly issuer: string;
  readonly subject: string;
  readonly audience: string;
  readonly tenantClaim?: string;
  /** Default RS256 (what Entra ID signs with). */
  readonly algorithm?: string;
  readonly jwksUrl?: string;
  readonly jwks?: unknown;
}

/** The outcome of checking an assertion. */
export type AssertionCheck = { readonly ok: true; readonly trust: TrustInfo } | { readonly ok: false; readonly reason: string };

function toTrust(row: TrustRow): TrustInfo {
  const revokedAt = row.revoked_at ? new Date(row.revoked_at) : null;
  return {
    id: row.trust_id,
    tenantId: row.tenant_id,
    name: row.name,
    kind: 'federated_trust',
    issuer: row.issuer,
    subject: row.subject,
    audience: row.audience,
    tenantClaim: row.tenant_claim,
    algorithm: row.algorithm,
    jwksUrl: row.jwks_url,
    createdAt: new Date(row.created_at),
    revokedAt,
    lastUsedAt: row.last_used_at ? new Date(row.last_used_at) : null,
    expiresAt: null,
    active: !revokedAt,
  };
}

/** A trust as the target of an audit entry: its id (the client id) and name. */
function trustTarget(trust: TrustInfo): NonNullable<AuditRecord['target']> {
  return { type: 'trust', id: trust.id, name: trust.name };
}

/** What a trust accepts, for its creation's audit entry: who signs, for whom, with which keys (public ones). */
function trustDetails(trust: TrustInfo): Record<string, unknown> {
  const { issuer, subject, audience, tenantClaim, algorithm, jwksUrl } = trust;
  return { issuer, subject, audience, tenantClaim, algorithm, keys: jwksUrl ?? 'pasted JWKS' };
}

function required(value: string | undefined, field: string): string {
  const trimmed = value?.trim() ?? '';
  if (!trimmed || trimmed.length > 1000) throw new TypeError(`A trust needs ${field} (1 to 1000 characters).`);
  return trimmed;
}

/** Manages a directory's trusts and checks client assertions against them. */
export class FederatedTrustsService {
  constructor(
    private readonly knex: Knex,
    private readonly tenants: TenantsService,
    private readonly fetcher: JwksFetcher,
    private readonly allowedHosts: readonly string[],
    private readonly newId: () => string,
  ) {}

  /**
   * Creates a trust; undefined when the tenant does not exist. A bad field is a TypeError naming it. `by`: who, for
   * the audit trail.
   */
  async create(tenantId: string, input: NewTrustInput, by?: AuditActor): Promise<TrustInfo | undefined> {
    const algorithm = input.algorithm ?? 'RS256';
    if (!(TRUST_ALGORITHMS as readonly string[]).includes(algorithm)) throw new TypeError(`A trust's algorithm must be one of ${TRUST_ALGORITHMS.join(', ')}.`);
    if ((input.jwksUrl === undefined) === (input.jwks === undefined)) throw new TypeError('A trust needs its keys: a JWKS URL or a pasted JWKS, not both.');
    if (input.jwksUrl !== undefined) {
      const problem = jwksUrlProblem(input.jwksUrl, this.allowedHosts);
      if (problem) throw new TypeError(`The JWKS URL ${problem}.`);
    }
    if (input.jwks !== undefined && !isJwks(input.jwks)) throw new TypeError('The pasted JWKS must be a JSON object with a "keys" array.');
    const tenant = await this.tenants.get(tenantId);
    if (!tenant) return undefined;
    const trust: NewTrust = {
      tenant_id: tenantId,
      trust_id: this.newId(),
      name: required(input.name, 'a name').slice(0, 100),
      issuer: required(input.issuer, 'an issuer'),
      subject: required(input.subject, 'a subject'),
      audience: required(input.audience, 'an audience'),
      tenant_claim: input.tenantClaim?.trim() || null,
      algorithm,
      jwks_url: input.jwksUrl ?? null,
      jwks: input.jwks ?? null,
    };
    return this.knex.transaction(async (trx) => {
      const created = toTrust(await insertTrust(trx, trust));
      await this.tenants.audit.record(trx, by, { action: 'trust.created', tenantId, tenantName: tenant.name, target: trustTarget(created), details: trustDetails(created) });
      return created;
    });
  }

  /** A tenant's trusts, newest first. */
  async list(tenantId: string): Promise<TrustInfo[]> {
    if (!isTenantId(tenantId)) return [];
    await this.tenants.flushLastUsed();
    return (await listTrustRows(this.knex, tenantId)).map(toTrust);
  }

  /** Revokes a trust and the access tokens issued through it; false when there is no such trust. */
  async revoke(tenantId: string, trustId: string, by?: AuditActor): Promise<boolean> {
    if (!isTenantId(tenantId)) return false;
    const revoked = await this.knex.transaction(async (trx) => {
      const before = await findTrust(trx, tenantId, trustId, { forUpdate: true });
      if (!before || !(await revokeTrust(trx, tenantId, trustId))) return false;
      await revokeAccessTokensOf(trx, tenantId, trustId);
      const tenantName = (await findTenantRow(trx, tenantId))?.name ?? null;
      const details = before.revoked_at ? { alreadyRevokedAt: new Date(before.revoked_at).toISOString() } : {};
      await this.tenants.audit.record(trx, by, { action: 'trust.revoked', tenantId, tenantName, target: trustTarget(toTrust(before)), details });
      return true;
    });
    this.tenants.forgetVerifications();
    return revoked;
  }

  /** Checks a client assertion (RFC 7523 §3) for the tenant; `clientId`, when sent, must name the trust. */
  async check(tenantId: string, assertion: string, clientId: string | undefined): Promise<AssertionCheck> {
    let claims: JWTPayload;
    try {
      claims = decodeJwt(assertion);
    } catch {
      return { ok: false, reason: 'the client assertion is not a JWT' };
    }
    if (typeof claims.iss !== 'string' || typeof claims.sub !== 'string') return { ok: false, reason: 'the client assertion has no iss or sub claim' };
    const trusts = (await findLiveTrusts(this.knex, tenantId, claims.iss, claims.sub)).filter((t) => clientId === undefined || t.trust_id === clientId);
    if (trusts.length === 0) return { ok: false, reason: `no active trust of this directory has issuer ${JSON.stringify(claims.iss.slice(0, 200))} and subject ${JSON.stringify(claims.sub.slice(0, 200))}` };
    let reason = '';
    for (const trust of trusts) {
      const verified = await this.verifyWith(trust, assertion);
      if (typeof verified === 'string') {
        reason = verified;
        continue;
      }
      const useKey = typeof verified.jti === 'string' ? `jti:${verified.jti}` : `sha256:${createHash('sha256').update(assertion).digest('hex')}`;
      const first = await this.knex.transaction(async (trx) => {
        const fresh = await recordAssertionUse(trx, tenantId, trust.trust_id, useKey.slice(0, 300), new Date((verified.exp ?? 0) * 1000));
        if (fresh) await touchTrust(trx, tenantId, trust.trust_id);
        return fresh;
      });
      if (!first) return { ok: false, reason: 'the client assertion was already used; a replayed assertion is refused until it expires' };
      return { ok: true, trust: toTrust(trust) };
    }
    return { ok: false, reason };
  }

  /** The verified claims, or why the assertion fails this trust. */
  private async verifyWith(trust: TrustRow, assertion: string): Promise<JWTPayload | string> {
    try {
      const keys = trust.jwks_url ? await this.remoteKeys(trust.jwks_url) : createLocalJWKSet(trust.jwks as JSONWebKeySet);
      const { payload } = await jwtVerify(assertion, keys, {
        algorithms: [trust.algorithm],
        issuer: trust.issuer,
        subject: trust.subject,
        audience: trust.audience,
        requiredClaims: ['exp'],
        clockTolerance: 60,
      });
      if (trust.tenant_claim !== null && payload.tid !== trust.tenant_claim) return `the client assertion's tid claim is not ${JSON.stringify(trust.tenant_claim)}`;
      return payload;
    } catch (error) {
      const code = (error as { code?: string }).code ?? '';
      const message = error instanceof Error ? error.message : String(error);
      return `the client assertion was refused (${code || 'error'}: ${message.slice(0, 200)})`;
    }
  }

  /** Keys from a URL: the cached set, fetched again once when the assertion's `kid` is not in it. */
  private async remoteKeys(url: string): Promise<Parameters<typeof jwtVerify>[1]> {
    const first = createLocalJWKSet(await this.fetcher.get(url));
    return async (header, token) => {
      try {
        return await first(header, token);
      } catch (error) {
        if ((error as { code?: string }).code !== 'ERR_JWKS_NO_MATCHING_KEY') throw error;
        return createLocalJWKSet(await this.fetcher.get(url, true))(header, token);
      }
    };
  }
}
