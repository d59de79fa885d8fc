/**
 * The limits of the Bulk endpoint, advertised in `/ServiceProviderConfig` (RFC 7644 §5 `bulk`) and enforced with
 * 413 (RFC 7644 §3.7.4). The payload limit is the SCIM router's body limit (option `bodyLimit`): a larger body is
 * refused while it is read, so advertising more would promise what the router refuses.
 */
import type { ResolvedOptions } from '../../options.js';
import type { BulkSupport } from '../service-provider-config.js';

/** Operations per BulkRequest: enough for an import batch, few enough that one request stays seconds long. */
export const DEFAULT_BULK_MAX_OPERATIONS = 1000;

const UNITS: Readonly<Record<string, number>> = { b: 1, kb: 1024, mb: 1024 ** 2, gb: 1024 ** 3 };

/** Bytes of a size given as a number or as text like `"1mb"` (the units body-parser reads, powers of 1024). */
export function byteSize(size: number | string): number {
  if (typeof size === 'number') return Math.floor(size);
  const match = /^(\d+(?:\.\d+)?)\s*(b|kb|mb|gb)?$/i.exec(size.trim());
  if (!match) throw new TypeError(`not a size: ${JSON.stringify(size)}`);
  return Math.floor(Number(match[1]) * (UNITS[(match[2] ?? 'b').toLowerCase()] ?? 1));
}

/** The Bulk limits of a directory with `options`. */
export function defaultBulkSupport(options: Pick<ResolvedOptions, 'bodyLimit'>): BulkSupport {
  return { maxOperations: DEFAULT_BULK_MAX_OPERATIONS, maxPayloadSize: byteSize(options.bodyLimit) };
}
