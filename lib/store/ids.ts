/**
 * Resource ids: random UUIDs (RFC 7643 §3.1 leaves the form to the service provider; UUIDs are unguessable and
 * never reused). Anything that is not a UUID is no resource of ours, so callers answer 404 without a query.
 */
import { randomUUID } from 'node:crypto';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** True when `text` is a UUID in the canonical 8-4-4-4-12 hex form. */
export function isUuid(text: unknown): text is string {
  return typeof text === 'string' && UUID.test(text);
}

/** A new resource id. */
export function newResourceId(): string {
  return randomUUID();
}
