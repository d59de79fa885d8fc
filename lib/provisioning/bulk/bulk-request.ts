/**
 * The BulkRequest message (RFC 7644 §3.7): read and checked before anything runs. What is wrong with the message
 * as a whole (not a BulkRequest, too many operations, a bad `failOnErrors`) fails the request; what is wrong with
 * one operation (an unknown method, a path that is no resource, a POST without `bulkId`) fails only that
 * operation, which the response reports with 400 like any other failed operation (§3.7.3).
 */
import { invalidSyntax, invalidValue, ScimError } from '../../scim/errors.js';
import { PATCH_OP_SCHEMA } from '../../scim/patch/types.js';
import { isPlainObject } from '../../scim/schema/canonicalise.js';
import type { ResourceTypeName } from '../../scim/schema/types.js';
import type { BulkSupport } from '../service-provider-config.js';

/** The BulkRequest message schema (RFC 7644 §3.7). */
export const BULK_REQUEST_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:BulkRequest';

/** The methods an operation may have (RFC 7644 §3.7). */
export type BulkMethod = 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** One operation as read: what it asks, or why it cannot run. */
export interface BulkOperation {
  /** Position in `Operations`, for error details and the response order. */
  readonly index: number;
  /** As the client wrote it, upper-cased; echoed in the response. */
  readonly method: string;
  readonly bulkId?: string;
  /** `If-Match` for the operation (`version`). */
  readonly version?: string;
  readonly path: string;
  readonly data?: unknown;
  /** The resource type and, except for POST, the id (possibly `bulkId:…`) the path names. */
  readonly target?: { readonly type: ResourceTypeName; readonly id?: string };
  /** Why the operation cannot run (400); it is reported, the others still run. */
  readonly problem?: ScimError;
}

/** A BulkRequest as read. */
export interface BulkRequestMessage {
  /** Errors after which processing stops (RFC 7644 §3.7.3); undefined: never stop. */
  readonly failOnErrors?: number;
  readonly operations: readonly BulkOperation[];
}

/** The member of `object` named `name` in any case (RFC 7643 §2.1: attribute names are case-insensitive). */
function member(object: Readonly<Record<string, unknown>>, name: string): unknown {
  const lower = name.toLowerCase();
  const key = Object.keys(object).find((candidate) => candidate.toLowerCase() === lower);
  return key === undefined ? undefined : object[key];
}

const RESOURCE_PATH = /^\/(Users|Groups)(?:\/([^/?#]+))?\/?$/i;

/** `/Users` → User; `/Groups/<id>` → Group and the id. */
function targetOf(path: string): { type: ResourceTypeName; id?: string } | undefined {
  const match = RESOURCE_PATH.exec(path.trim());
  if (!match) return undefined;
  const type: ResourceTypeName = match[1]?.toLowerCase() === 'users' ? 'User' : 'Group';
  let id: string | undefined;
  try {
    id = match[2] === undefined ? undefined : decodeURIComponent(match[2]);
  } catch {
    id = match[2];
  }
  return id === undefined ? { type } : { type, id };
}

/** The RFC's own examples write `W\/"…"` (an escaped slash carried into the value); read it as `W/"…"`. */
function normaliseVersion(version: string): string {
  return version.replace(/^W\\\//i, 'W/');
}

function readOperation(raw: unknown, index: number, seenBulkIds: Map<string, number>): BulkOperation {
  const at = `Operations[${index}]`;
  if (!isPlainObject(raw)) return { index, method: '', path: '', problem: invalidSyntax(`${at} must be an object with "method" and "path".`) };
  const methodValue = member(raw, 'method');
  const pathValue = member(raw, 'path');
  const bulkIdValue = member(raw, 'bulkId');
  const versionValue = member(raw, 'version');
  let data = member(raw, 'data');
  const method = typeof methodValue === 'string' ? methodValue.trim().toUpperCase() : '';
  const path = typeof pathValue === 'string' ? pathValue : '';
  const base = {
    index,
    method,
    path,
    ...(typeof bulkIdValue === 'string' && bulkIdValue !== '' ? { bulkId: bulkIdValue } : {}),
    ...(typeof versionValue === 'string' && versionValue.trim() !== '' ? { version: normaliseVersion(versionValue.trim()) } : {}),
  };
  const fail = (problem: ScimError): BulkOperation => ({ ...base, problem });
  if (!['POST', 'PUT', 'PATCH', 'DELETE'].includes(method)) {
    return fail(invalidSyntax(`${at}.method must be POST, PUT, PATCH or DELETE, got ${JSON.stringify(methodValue ?? null).slice(0, 40)}.`));
  }
  if (bulkIdValue !== undefined && (typeof bulkIdValue !== 'string' || bulkIdValue === '')) return fail(invalidSyntax(`${at}.bulkId must be a non-empty string.`));
  if (versionValue !== undefined && typeof versionValue !== 'string') return fail(invalidSyntax(`${at}.version must be a string (an ETag).`));
  const target = targetOf(path);
  if (!target) return fail(invalidSyntax(`${at}.path must name /Users or /Groups${method === 'POST' ? '' : ' and a resource id'}, got ${JSON.stringify(path).slice(0, 80)}.`));
  if (method === 'POST' && target.id !== undefined) return fail(invalidSyntax(`${at}.path of a POST must be a resource endpoint (/Users or /Groups), got ${JSON.stringify(path).slice(0, 80)}.`));
  if (method !== 'POST' && target.id === undefined) return fail(invalidSyntax(`${at}.path of a ${method} must name a resource (/${target.type}s/<id>).`));
  // RFC 7644 §3.7: bulkId is REQUIRED for POST, so that the response can say which resource got which id.
  if (method === 'POST' && base.bulkId === undefined) return fail(invalidSyntax(`${at}: a POST needs a "bulkId" (RFC 7644 §3.7).`));
  if (method !== 'DELETE' && data === undefined) return fail(invalidSyntax(`${at}: a ${method} needs "data".`));
  // The RFC's §3.7.3 example gives a PATCH's data as the bare list of operations; read it as the PatchOp it means.
  if (method === 'PATCH' && Array.isArray(data)) data = { schemas: [PATCH_OP_SCHEMA], Operations: data };
  if (base.bulkId !== undefined) {
    const first = seenBulkIds.get(base.bulkId);
    if (first !== undefined) return fail(invalidValue(`${at}.bulkId ${JSON.stringify(base.bulkId)} is already the bulkId of Operations[${first}]; bulkIds must be unique within a request.`));
    seenBulkIds.set(base.bulkId, index);
  }
  return { ...base, target, ...(data !== undefined ? { data } : {}) };
}

/**
 * Reads a BulkRequest. Throws 400 invalidSyntax when the body is not one, 413 when it has more operations than
 * `maxOperations` (RFC 7644 §3.7.4), 400 invalidValue for a `failOnErrors` that is not a positive integer.
 */
export function parseBulkRequest(body: unknown, limits: BulkSupport): BulkRequestMessage {
  if (!isPlainObject(body)) throw invalidSyntax('The request body must be a BulkRequest object.');
  const schemas = member(body, 'schemas');
  if (!Array.isArray(schemas) || !schemas.some((urn) => typeof urn === 'string' && urn.toLowerCase() === BULK_REQUEST_SCHEMA.toLowerCase())) {
    throw invalidSyntax(`The request body: "schemas" must contain "${BULK_REQUEST_SCHEMA}".`);
  }
  const operations = member(body, 'Operations');
  if (!Array.isArray(operations)) throw invalidSyntax('The BulkRequest needs "Operations", an array of operations.');
  if (operations.length > limits.maxOperations) {
    throw new ScimError(413, `The number of operations (${operations.length}) exceeds the maxOperations (${limits.maxOperations}).`);
  }
  const failOnErrors = member(body, 'failOnErrors');
  if (failOnErrors !== undefined && failOnErrors !== null && !(typeof failOnErrors === 'number' && Number.isInteger(failOnErrors) && failOnErrors >= 1)) {
    throw invalidValue(`"failOnErrors" must be a positive integer, got ${JSON.stringify(failOnErrors).slice(0, 40)}.`);
  }
  const seenBulkIds = new Map<string, number>();
  return {
    ...(typeof failOnErrors === 'number' ? { failOnErrors } : {}),
    operations: operations.map((raw, index) => readOperation(raw, index, seenBulkIds)),
  };
}
