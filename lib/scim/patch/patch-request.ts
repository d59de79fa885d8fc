/**
 * Shape check of a PATCH request body (RFC 7644 §3.5.2): `schemas` names the PatchOp message, `Operations` is a
 * non-empty array, and each operation has a known `op`, a string `path` when present and a `value` for add/replace.
 */
import { invalidSyntax, invalidValue } from '../errors.js';
import { isObject } from '../filter/resource-values.js';
import { MAX_PATCH_OPERATIONS } from './limits.js';
import { PATCH_OP_SCHEMA, type PatchOpName, type PatchOperation } from './types.js';

const OPS: ReadonlySet<string> = new Set(['add', 'remove', 'replace']);

function isPatchOpName(op: string): op is PatchOpName {
  return OPS.has(op);
}

/**
 * Checks one element of `Operations` (index `index`, for the error detail) and returns it typed. `op` must be
 * exactly lower-case here; a dialect rule lowercases what IDPs send first. Throws 400 invalidSyntax for a malformed
 * operation and 400 invalidValue when add/replace has no `value`.
 */
export function toPatchOperation(raw: unknown, index: number): PatchOperation {
  const where = `Operations[${index}]`;
  if (!isObject(raw)) throw invalidSyntax(`${where}: an operation must be a JSON object`);
  const { op, path, value } = raw;
  if (typeof op !== 'string' || !isPatchOpName(op)) {
    throw invalidSyntax(`${where}: "op" must be one of "add", "remove", "replace", got ${JSON.stringify(op) ?? 'nothing'}`);
  }
  if (path !== undefined && typeof path !== 'string') throw invalidSyntax(`${where}: "path" must be a string`);
  if (op !== 'remove' && !('value' in raw)) throw invalidValue(`${where}: "${op}" requires a "value"`);
  return {
    op,
    ...(path !== undefined ? { path } : {}),
    ...('value' in raw ? { value } : {}),
  };
}

/**
 * Checks a PATCH request body and returns its operations. Throws 400 invalidSyntax when `schemas` lacks
 * `urn:ietf:params:scim:api:messages:2.0:PatchOp` or `Operations` is not a non-empty array, 400 invalidValue when it
 * has more than {@link MAX_PATCH_OPERATIONS} operations, and the errors of
 * {@link toPatchOperation} for each operation.
 */
export function parsePatchRequest(body: unknown): PatchOperation[] {
  if (!isObject(body)) throw invalidSyntax('PATCH body must be a JSON object');
  const { schemas, Operations: operations } = body;
  if (!Array.isArray(schemas) || !schemas.some((urn) => typeof urn === 'string' && urn.toLowerCase() === PATCH_OP_SCHEMA.toLowerCase())) {
    throw invalidSyntax(`PATCH body: "schemas" must contain "${PATCH_OP_SCHEMA}"`);
  }
  if (!Array.isArray(operations) || operations.length === 0) {
    throw invalidSyntax('PATCH body: "Operations" must be a non-empty array');
  }
  if (operations.length > MAX_PATCH_OPERATIONS) {
    // invalidValue: the value of "Operations" is what the service will not take; tooMany is about filters' results.
    throw invalidValue(
      `PATCH body: "Operations" has ${operations.length} operations; at most ${MAX_PATCH_OPERATIONS} are accepted per request, send the rest in further requests`,
    );
  }
  return operations.map((operation, index) => toPatchOperation(operation, index));
}
