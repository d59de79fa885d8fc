/**
 * The directory's Prometheus metrics (prom-client), in a registry of its own per directory instance: two
 * directories in one process never share series, and a host can merge the registry into its own
 * (`Registry.merge`). Request metrics are observed as requests finish; the pool, event-log and counter figures are
 * read when the registry is scraped.
 *
 * Series: `scim_requests_total{tenant,status_class,provider}`, `scim_request_duration_seconds{method,status_class}`
 * (a histogram; without a tenant label, so its size does not grow with the number of tenants),
 * `scim_rate_limited_total{tenant}`, `scim_db_pool_connections{state=used|free|pending}`,
 * `scim_event_log_buffered_events`, `scim_event_log_events_total{outcome=written|dropped|superseded|failed}`,
 * `scim_event_log_failed_flushes_total`, `scim_request_counter_failed_flushes_total`,
 * `scim_request_counter_dropped_total`, `scim_held_changes{tenant}` (changes the deprovisioning guard holds; tenants
 * with none are absent).
 */
import type { Knex } from 'knex';
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { EventLogWriterStats } from '../eventlog/event-log-writer.js';
import type { RequestCounterStats } from '../health/request-counter.js';
import { heldChangesByTenant } from '../store/deprovisions-store.js';

/** Where the scrape-time figures come from. */
export interface MetricsSources {
  readonly knex: Knex;
  readonly eventLog: () => EventLogWriterStats;
  readonly requestCounter: () => RequestCounterStats;
}

/** The directory's metrics and the calls that feed them. */
export interface DirectoryMetrics {
  /** The registry to serve (`await registry.metrics()`, `registry.contentType`). */
  readonly registry: Registry;
  /** Observes one finished request of a known tenant. */
  observeRequest(tenantId: string, status: number, provider: string | undefined, method: string, durationMs: number): void;
  /** Counts one request refused by the tenant's rate limit. */
  rateLimited(tenantId: string): void;
}

/** Seconds; from a fast read to Entra's 60-second answer limit. */
const DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

/** The `2xx`… class of a status. */
export function statusClass(status: number): string {
  return `${Math.floor(status / 100)}xx`;
}

interface TarnPool {
  numUsed(): number;
  numFree(): number;
  numPendingAcquires(): number;
}

function poolOf(knex: Knex): TarnPool | undefined {
  const pool = (knex.client as { pool?: Partial<TarnPool> } | undefined)?.pool;
  return pool && typeof pool.numUsed === 'function' && typeof pool.numFree === 'function' && typeof pool.numPendingAcquires === 'function'
    ? (pool as TarnPool)
    : undefined;
}

/** Sets a counter to a running total read from elsewhere (the collect-time pattern for monotonic figures). */
function setTotal<T extends string>(counter: Counter<T>, value: number, labels?: Partial<Record<T, string>>): void {
  if (labels) counter.inc(labels, value);
  else counter.inc(value);
}

/** Creates the metrics of one directory. */
export function createDirectoryMetrics(sources: MetricsSources): DirectoryMetrics {
  const registry = new Registry();
  const registers = [registry];
  const requests = new Counter({
    name: 'scim_requests_total',
    help: 'SCIM requests of known tenants, by tenant id, status class and identity provider (unknown when not recognised).',
    labelNames: ['tenant', 'status_class', 'provider'] as const,
    registers,
  });
  const duration = new Histogram({
    name: 'scim_request_duration_seconds',
    help: 'Time from arrival to the sent response of SCIM requests of known tenants, by method and status class.',
    labelNames: ['method', 'status_class'] as const,
    buckets: DURATION_BUCKETS,
    registers,
  });
  const limited = new Counter({ name: 'scim_rate_limited_total', help: 'SCIM requests answered 429 by the tenant rate limit, by tenant id.', labelNames: ['tenant'] as const, registers });
  new Gauge({
    name: 'scim_db_pool_connections',
    help: 'Connections of the knex pool: in use, idle, and requests waiting for one.',
    labelNames: ['state'] as const,
    registers,
    collect() {
      const pool = poolOf(sources.knex);
      this.set({ state: 'used' }, pool?.numUsed() ?? 0);
      this.set({ state: 'free' }, pool?.numFree() ?? 0);
      this.set({ state: 'pending' }, pool?.numPendingAcquires() ?? 0);
    },
  });
  new Gauge({
    name: 'scim_event_log_buffered_events',
    help: 'Event-log events waiting in memory for the next flush.',
    registers,
    collect() {
      this.set(sources.eventLog().buffered);
    },
  });
  new Counter({
    name: 'scim_event_log_events_total',
    help: 'Event-log events by outcome: written; dropped (buffer full); superseded (newer ones filled the log in the same flush); failed (could not be built).',
    labelNames: ['outcome'] as const,
    registers,
    collect() {
      const stats = sources.eventLog();
      this.reset();
      setTotal(this, stats.written, { outcome: 'written' });
      setTotal(this, stats.dropped, { outcome: 'dropped' });
      setTotal(this, stats.superseded, { outcome: 'superseded' });
      setTotal(this, stats.failedEvents, { outcome: 'failed' });
    },
  });
  new Counter({
    name: 'scim_event_log_failed_flushes_total',
    help: 'Event-log flushes that failed (their events are lost; the server log has the error).',
    registers,
    collect() {
      this.reset();
      setTotal(this, sources.eventLog().failedFlushes);
    },
  });
  new Counter({
    name: 'scim_request_counter_failed_flushes_total',
    help: 'Flushes of the hourly request counters (health state, charts) that failed.',
    registers,
    collect() {
      this.reset();
      setTotal(this, sources.requestCounter().failedFlushes);
    },
  });
  new Counter({
    name: 'scim_request_counter_dropped_total',
    help: 'Requests left out of the hourly counters because their buffer was full.',
    registers,
    collect() {
      this.reset();
      setTotal(this, sources.requestCounter().dropped);
    },
  });

  new Gauge({
    name: 'scim_held_changes',
    help: 'Deactivations and deletions the deprovisioning guard holds from the host until an administrator decides, by tenant.',
    labelNames: ['tenant'] as const,
    registers,
    async collect() {
      const held = await heldChangesByTenant(sources.knex);
      this.reset();
      for (const [tenant, count] of held) this.set({ tenant }, count);
    },
  });

  return {
    registry,
    observeRequest(tenantId, status, provider, method, durationMs) {
      const cls = statusClass(status);
      requests.inc({ tenant: tenantId, status_class: cls, provider: provider ?? 'unknown' });
      duration.observe({ method, status_class: cls }, durationMs / 1000);
    },
    rateLimited(tenantId) {
      limited.inc({ tenant: tenantId });
    },
  };
}
