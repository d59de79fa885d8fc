/**
 * Shape rules for a PATCH request (RFC 7644 §3.5.2):
 * - `patchMessageShape`: `Operations` written in another case (`operations`), a missing `schemas` or one given as a
 *   bare string, operation members in another case (`"Op"`, `"Path"`, `"Value"`) and an empty `path` (meaning
 *   "no path") are brought to the RFC form. Seen from custom connectors and hand-written clients (the Ping
 *   replay carries `Op`/`Path`/`Value`).
 * - `patchOpCase`: Entra ID sends `"op": "Add"`, `"Replace"`, `"Remove"` (its "known issues" page: fixed only
 *   behind `aadOptscim062020`); RFC 7644 §3.5.2 spells them lower-case.
 */
import { PATCH_OP_SCHEMA } from '../patch/types.js';
import { track, type AppliedRules } from './dialect-rule.js';

const OPERATION_MEMBERS: readonly string[] = ['op', 'path', 'value'];

/** The PatchOp message with `Operations` and `schemas` in RFC form; unchanged when they already are. */
export function shapePatchMessage(body: Record<string, unknown>, applied?: AppliedRules): Record<string, unknown> {
  let changed = false;
  const result: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(body)) {
    if (key !== 'Operations' && key.toLowerCase() === 'operations' && !('Operations' in body)) {
      result.Operations = value;
      changed = true;
    } else if (key === 'schemas' && typeof value === 'string') {
      result.schemas = [value];
      changed = true;
    } else {
      result[key] = value;
    }
  }
  if (!Object.keys(body).some((key) => key.toLowerCase() === 'schemas')) {
    result.schemas = [PATCH_OP_SCHEMA];
    changed = true;
  }
  return track(applied, 'patchMessageShape', body, changed ? result : body);
}

/** One operation with `op`/`path`/`value` keys in lower case and an empty `path` dropped; unchanged when already so. */
export function shapePatchOperation(operation: Record<string, unknown>, applied?: AppliedRules): Record<string, unknown> {
  let changed = false;
  const result: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(operation)) {
    const lower = key.toLowerCase();
    const canonical = OPERATION_MEMBERS.includes(lower) && !(lower in operation) ? lower : key;
    if (canonical === 'path' && typeof value === 'string' && value.trim() === '') {
      changed = true;
      continue;
    }
    if (canonical !== key) changed = true;
    result[canonical] = value;
  }
  return track(applied, 'patchMessageShape', operation, changed ? result : operation);
}

/** `op` in lower case (`"Replace"` → `"replace"`); unchanged when it already is or is not a string. */
export function lowercaseOp(operation: Record<string, unknown>, applied?: AppliedRules): Record<string, unknown> {
  const { op } = operation;
  if (typeof op !== 'string') return operation;
  const lower = op.trim().toLowerCase();
  return track(applied, 'patchOpCase', operation, lower === op ? operation : { ...operation, op: lower });
}
