/**
 * The parts of a directory that watch its SCIM traffic, built together because they feed each other: the hourly
 * request counter, the health reads over it, the Prometheus metrics, the per-tenant rate limiter (which reports
 * its refusals to the metrics) and the finished-request listener that feeds counter and metrics.
 */
import type { EventLogWriter } from '../eventlog/event-log-writer.js';
import { createRateLimiter, type RateLimiter } from '../http/rate-limit.js';
import { requestAccounting } from '../http/request-accounting.js';
import type { FinishedRequestListener } from '../http/request-context.js';
import { createDirectoryMetrics, type DirectoryMetrics } from '../metrics/directory-metrics.js';
import type { ResolvedOptions } from '../options.js';
import { HealthService } from './health-service.js';
import { RequestCounter } from './request-counter.js';

/** A directory's monitoring parts. */
export interface Monitoring {
  readonly counter: RequestCounter;
  readonly health: HealthService;
  readonly metrics: DirectoryMetrics;
  readonly rateLimiter: RateLimiter;
  /** Give to the SCIM router's `onFinished`. */
  readonly onFinished: FinishedRequestListener;
}

/** Builds the monitoring parts of one directory. */
export function createMonitoring(options: ResolvedOptions, eventLog: EventLogWriter): Monitoring {
  const counter = new RequestCounter(options.knex, options.logger);
  const metrics = createDirectoryMetrics({ knex: options.knex, eventLog: () => eventLog.stats(), requestCounter: () => counter.stats() });
  return {
    counter,
    health: new HealthService(options.knex, counter),
    metrics,
    rateLimiter: createRateLimiter({ enabled: options.rateLimits, onLimited: (tenantId) => metrics.rateLimited(tenantId) }),
    onFinished: requestAccounting(counter, metrics),
  };
}
