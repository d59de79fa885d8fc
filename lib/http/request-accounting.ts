/**
 * The finished-request listener that feeds the hourly request counters (health state, charts) and the Prometheus
 * metrics. Only requests of known tenants are counted, refused ones (401, 429) included: a tenant whose identity
 * provider sends a wrong token is failing, and requests to unknown tenants would let anyone add series.
 */
import type { RequestCounter } from '../health/request-counter.js';
import type { DirectoryMetrics } from '../metrics/directory-metrics.js';
import { detectProviderName } from '../scim/dialects/provider-detection.js';
import type { FinishedRequestListener } from './request-context.js';

/** Builds the listener. */
export function requestAccounting(counter: RequestCounter, metrics: DirectoryMetrics): FinishedRequestListener {
  return (req, res, context, durationMs) => {
    const tenant = context.tenant;
    if (!tenant) return;
    const provider = detectProviderName(req.get('user-agent'), context.authenticated ? (req.body as unknown) : undefined);
    counter.record(tenant.id, res.statusCode, provider);
    metrics.observeRequest(tenant.id, res.statusCode, provider, req.method, durationMs);
  };
}
