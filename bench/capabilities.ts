/**
 * What the server says it supports, from `GET /ServiceProviderConfig` (RFC 7643 §5): Bulk with its limits, and
 * whether it advertises cursor pagination (RFC 9865 §4, `pagination.cursor`). Cursor support is confirmed by the
 * paging phase from an actual `nextCursor`, since advertising alone proves nothing.
 */
import { field, jsonBody, type HttpClient } from './http-client.js';

/** The parts of the ServiceProviderConfig the benchmark needs. */
export interface ServerCapabilities {
  /** HTTP status of GET /ServiceProviderConfig. */
  readonly configStatus: number;
  readonly bulk: { readonly supported: boolean; readonly maxOperations: number | undefined; readonly maxPayloadSize: number | undefined };
  /** `pagination.cursor` as advertised (RFC 9865); undefined when absent. */
  readonly cursorAdvertised: boolean | undefined;
}

function positive(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : undefined;
}

/** Reads the ServiceProviderConfig; a missing or unreadable one means "nothing optional supported". */
export async function readCapabilities(client: HttpClient): Promise<ServerCapabilities> {
  const response = await client.request('GET', '/ServiceProviderConfig');
  const config = response.status === 200 ? jsonBody(response) : undefined;
  const bulk = field(config, 'bulk');
  const pagination = field(config, 'pagination');
  const cursor = field(pagination, 'cursor');
  return {
    configStatus: response.status,
    bulk: {
      supported: field(bulk, 'supported') === true,
      maxOperations: positive(field(bulk, 'maxOperations')),
      maxPayloadSize: positive(field(bulk, 'maxPayloadSize')),
    },
    cursorAdvertised: typeof cursor === 'boolean' ? cursor : undefined,
  };
}
