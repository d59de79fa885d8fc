/**
 * Reads tenants' health and request history for the admin API: flushes this instance's counters first (so an
 * administrator sees their own latest requests), then reads the counters every instance shares.
 */
import type { Knex } from 'knex';
import { requestCountHistory, tenantActivityFacts, type CountBucket } from '../store/request-counts-store.js';
import type { Tenant } from '../tenants/types.js';
import { tenantHealth, windowStart, type TenantHealth } from './health-state.js';
import type { RequestCounter } from './request-counter.js';

const HOUR_MS = 60 * 60 * 1000;
const DAY_MS = 24 * HOUR_MS;

/** Requests and errors of one period of a chart. */
export interface HistoryPoint {
  /** ISO start of the hour or UTC day. */
  readonly start: string;
  readonly requests: number;
  readonly errors: number;
}

/** A tenant's charts: the last 24 hours by hour and the last 30 days by day, oldest first, every period present. */
export interface RequestHistory {
  readonly hourly: readonly HistoryPoint[];
  readonly daily: readonly HistoryPoint[];
}

/** Fills the periods without rows with zeros: `count` periods of `stepMs` ending with the one holding `now`. */
function filled(buckets: readonly CountBucket[], firstMs: number, stepMs: number, count: number): HistoryPoint[] {
  const byStart = new Map(buckets.map((b) => [b.start.getTime(), b]));
  const points: HistoryPoint[] = [];
  for (let i = 0; i < count; i++) {
    const at = firstMs + i * stepMs;
    const bucket = byStart.get(at);
    points.push({ start: new Date(at).toISOString(), requests: bucket?.requests ?? 0, errors: bucket?.errors ?? 0 });
  }
  return points;
}

/** Health and history reads over the directory's database. */
export class HealthService {
  constructor(
    private readonly knex: Knex,
    private readonly counter: RequestCounter,
  ) {}

  /** The health of the given tenants, in their order. */
  async health(tenants: readonly Tenant[], now = new Date()): Promise<TenantHealth[]> {
    if (tenants.length === 0) return [];
    await this.counter.flush();
    const facts = await tenantActivityFacts(
      this.knex,
      tenants.map((t) => t.id),
      windowStart(now),
      now,
    );
    const byTenant = new Map(facts.map((f) => [f.tenantId, f]));
    return tenants.flatMap((t) => {
      const f = byTenant.get(t.id);
      return f ? [tenantHealth(f, t.enabled, now)] : [];
    });
  }

  /** One tenant's hourly (24 h) and daily (30 days) request and error counts. */
  async history(tenantId: string, now = new Date()): Promise<RequestHistory> {
    await this.counter.flush();
    const firstHour = now.getTime() - (now.getTime() % HOUR_MS) - 23 * HOUR_MS;
    const firstDay = now.getTime() - (now.getTime() % DAY_MS) - 29 * DAY_MS;
    const [hours, days] = await Promise.all([
      requestCountHistory(this.knex, tenantId, new Date(firstHour), 'hour'),
      requestCountHistory(this.knex, tenantId, new Date(firstDay), 'day'),
    ]);
    return { hourly: filled(hours, firstHour, HOUR_MS, 24), daily: filled(days, firstDay, DAY_MS, 30) };
  }
}
