/**
 * Bulk import (RFC 7644 §3.7): users created through POST /Bulk, each request carrying as many POST operations as
 * the server allows (`maxOperations`, and `maxPayloadSize` with a margin), at most {@link BULK_IN_FLIGHT} requests in
 * flight: the server processes one Bulk request of a tenant at a time and queues only a few more per tenant.
 * The figure is users created per second, compared with single POST /Users.
 */
import { field, jsonBody } from '../http-client.js';
import type { ServerCapabilities } from '../capabilities.js';
import type { RequestOutcome } from '../load-driver.js';
import { loadOutcome, toFigures, type LoadFigures, type PhaseOutcome } from '../results.js';
import { measure, type ScimBench } from '../scim-bench.js';
import { round } from '../stats.js';
import { benchUser } from '../user-fixtures.js';

const BULK_REQUEST = 'urn:ietf:params:scim:api:messages:2.0:BulkRequest';

/** Bulk requests in flight: enough to keep the server's Bulk slot busy, within its per-tenant queue. */
export const BULK_IN_FLIGHT = 4;

/** What the Bulk import measured. */
export interface BulkImportResult extends PhaseOutcome {
  /** Operations per request actually used. */
  readonly batchSize?: number;
  readonly load?: LoadFigures;
  readonly usersCreated: number;
  readonly usersPerSecond?: number;
  readonly operationsFailed: number;
  readonly firstOperationFailure?: string;
}

function operation(bench: ScimBench, index: number): Record<string, unknown> {
  return { method: 'POST', path: '/Users', bulkId: `u${index}`, data: benchUser(bench.runId, index) };
}

/** Picks operations per request: the wanted batch, capped by maxOperations and by maxPayloadSize with 10% margin. */
export function bulkBatchSize(wanted: number, operationBytes: number, maxOperations: number | undefined, maxPayloadSize: number | undefined): number {
  let size = Math.min(wanted, maxOperations ?? Infinity);
  if (maxPayloadSize !== undefined) size = Math.min(size, Math.floor((maxPayloadSize * 0.9 - 200) / (operationBytes + 1)));
  return Math.max(1, size);
}

/** Creates `total` users from fixture index `firstIndex` through Bulk; "not supported" when the server says so. */
export async function bulkImport(bench: ScimBench, capabilities: ServerCapabilities, firstIndex: number, total: number): Promise<BulkImportResult> {
  if (!capabilities.bulk.supported) {
    return { state: 'unsupported', note: `not supported by the server (ServiceProviderConfig: status ${capabilities.configStatus}, bulk.supported is not true)`, usersCreated: 0, operationsFailed: 0 };
  }
  // Size an operation with the longest index of the run, so the payload estimate is never low.
  const operationBytes = Buffer.byteLength(JSON.stringify(operation(bench, firstIndex + total)));
  const batchSize = bulkBatchSize(bench.options.bulkBatch, operationBytes, capabilities.bulk.maxOperations, capabilities.bulk.maxPayloadSize);
  const requests = Math.ceil(total / batchSize);
  let usersCreated = 0;
  let operationsFailed = 0;
  let firstOperationFailure: string | undefined;

  const send = async (r: number): Promise<RequestOutcome> => {
    const start = firstIndex + r * batchSize;
    const end = Math.min(firstIndex + total, start + batchSize);
    const operations: Record<string, unknown>[] = [];
    for (let index = start; index < end; index++) operations.push(operation(bench, index));
    const response = await bench.client.request('POST', '/Bulk', { schemas: [BULK_REQUEST], Operations: operations });
    if (response.status !== 200) return { ok: false, status: response.status, detail: `status ${response.status}: ${response.body.slice(0, 300)}` };
    const results = field(jsonBody(response), 'Operations');
    if (!Array.isArray(results)) return { ok: false, status: 200, detail: 'BulkResponse without Operations' };
    for (const result of results) {
      const status = String(field(result, 'status') ?? '');
      const location = field(result, 'location');
      const bulkId = field(result, 'bulkId');
      const index = typeof bulkId === 'string' && bulkId.startsWith('u') ? Number(bulkId.slice(1)) : Number.NaN;
      // RFC 7644 §3.7.3: a created resource's id is the last segment of its `location`.
      const id = typeof location === 'string' ? location.split('/').pop() : undefined;
      if (status === '201' && id && Number.isInteger(index)) {
        usersCreated++;
        bench.users.push({ index, id });
      } else {
        operationsFailed++;
        firstOperationFailure ??= `request ${r}, bulkId ${String(bulkId)}: status ${status} ${JSON.stringify(field(result, 'response') ?? '').slice(0, 200)}`;
      }
    }
    return { ok: true, status: 200 };
  };

  const concurrency = Math.min(bench.options.concurrency, BULK_IN_FLIGHT);
  const load = await measure(bench, { name: `Bulk import (${batchSize} ops/request)`, total: requests, send, concurrency });
  const outcome: PhaseOutcome = usersCreated > 0 ? loadOutcome(load) : { state: 'failed', note: firstOperationFailure ?? load.firstFailure ?? 'no user created' };
  const usersPerSecond = load.durationMs > 0 ? (usersCreated * 1000) / load.durationMs : 0;
  bench.log(`  Bulk import: ${usersCreated} users created, ${round(usersPerSecond)} users/s, ${operationsFailed} operations failed`);
  return {
    ...outcome,
    ...(operationsFailed > 0 ? { note: `${operationsFailed} operations failed; first: ${firstOperationFailure ?? '?'}` } : {}),
    batchSize,
    load: toFigures(load),
    usersCreated,
    usersPerSecond: round(usersPerSecond),
    operationsFailed,
    ...(firstOperationFailure ? { firstOperationFailure } : {}),
  };
}
