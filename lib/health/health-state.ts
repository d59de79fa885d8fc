/**
 * A tenant's health at a glance, computed from its activity facts (hourly request counters and credentials, shared
 * by every instance). One state, the most urgent that applies, in this order:
 *
 * - `disabled`: an administrator turned the tenant off; nothing else is judged.
 * - `changes-held`: the deprovisioning guard holds deactivations or deletions from the host until an administrator
 *   approves or discards them (docs/operations.md, "Deprovisioning guard").
 * - `never-connected`: no request was ever counted.
 * - `failing`: in the recent window (the current and the previous hour) at least {@link FAILING_MIN_REQUESTS}
 *   requests and an error rate (status 400 or more) of at least {@link FAILING_ERROR_RATE}. Entra ID quarantines a
 *   job at 40 % failed operations, so the state shows up well before that.
 * - `credential-expiring`: an active credential expires within {@link EXPIRY_WARNING_MS}.
 * - `quiet`: no request for longer than the provider's threshold (see provider-cycles.ts).
 * - `healthy`: none of the above.
 */
import type { TenantActivityFacts } from '../store/request-counts-store.js';
import { quietAfterMs } from './provider-cycles.js';

/** The states, most urgent first. */
export type HealthStateName = 'disabled' | 'changes-held' | 'never-connected' | 'failing' | 'credential-expiring' | 'quiet' | 'healthy';

/** Error rate (0–1) from which a tenant is failing. */
export const FAILING_ERROR_RATE = 0.2;
/** Fewest requests in the window for the error rate to count (a single failed retry is not an outage). */
export const FAILING_MIN_REQUESTS = 5;
/** How far ahead a credential's expiry is announced. */
export const EXPIRY_WARNING_MS = 7 * 24 * 60 * 60 * 1000;
/** The recent window of the error rate: from the start of the previous hour. */
export const WINDOW_HOURS = 2;

/** A tenant's health as the admin API returns it. */
export interface TenantHealth {
  readonly tenantId: string;
  readonly state: HealthStateName;
  readonly lastRequestAt: string | null;
  readonly lastSuccessAt: string | null;
  /** The identity provider of the latest requests, if recognised. */
  readonly provider: string | null;
  /** Requests, errors and their ratio (0–1, null without requests) in the recent window. */
  readonly recentRequests: number;
  readonly recentErrors: number;
  readonly errorRate: number | null;
  /** The earliest expiry among active credentials, if any expires. */
  readonly credentialExpiresAt: string | null;
  /** Silence after which this tenant counts as quiet, in minutes. */
  readonly quietAfterMinutes: number;
  /** Changes the deprovisioning guard holds for an administrator's decision. */
  readonly heldChanges: number;
}

/** The start of the recent window for `now`. */
export function windowStart(now: Date): Date {
  const hour = 60 * 60 * 1000;
  return new Date(now.getTime() - (now.getTime() % hour) - (WINDOW_HOURS - 1) * hour);
}

/** Judges a tenant's state from its facts. */
export function tenantHealth(facts: TenantActivityFacts, enabled: boolean, now: Date): TenantHealth {
  const errorRate = facts.windowRequests > 0 ? facts.windowErrors / facts.windowRequests : null;
  const quietMs = quietAfterMs(facts.provider);
  const expiring = facts.nextCredentialExpiry !== null && facts.nextCredentialExpiry.getTime() - now.getTime() <= EXPIRY_WARNING_MS;
  let state: HealthStateName = 'healthy';
  if (!enabled) state = 'disabled';
  else if (facts.heldChanges > 0) state = 'changes-held';
  else if (!facts.lastRequestAt) state = 'never-connected';
  else if (errorRate !== null && facts.windowRequests >= FAILING_MIN_REQUESTS && errorRate >= FAILING_ERROR_RATE) state = 'failing';
  else if (expiring) state = 'credential-expiring';
  else if (now.getTime() - facts.lastRequestAt.getTime() > quietMs) state = 'quiet';
  return {
    tenantId: facts.tenantId,
    state,
    lastRequestAt: facts.lastRequestAt?.toISOString() ?? null,
    lastSuccessAt: facts.lastSuccessAt?.toISOString() ?? null,
    provider: facts.provider,
    recentRequests: facts.windowRequests,
    recentErrors: facts.windowErrors,
    errorRate: errorRate === null ? null : Math.round(errorRate * 1000) / 1000,
    credentialExpiresAt: facts.nextCredentialExpiry?.toISOString() ?? null,
    quietAfterMinutes: Math.round(quietMs / 60_000),
    heldChanges: facts.heldChanges,
  };
}
