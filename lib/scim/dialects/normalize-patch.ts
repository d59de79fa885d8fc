/**
 * The dialect rules for a PATCH request body (RFC 7644 §3.5.2), applied before the body's shape is checked and
 * the operations run. Each operation may become several (a pathless replace holding nulls, Entra's remove with a
 * value list) or none (an `add` of null); a `password` operation becomes an empty pathless replace. Operations
 * that are not objects, and paths that do not parse, are passed on untouched so that the engine reports them with
 * its own detail.
 */
import { isPlainObject } from '../schema/canonicalise.js';
import { normalizeAttributeValue, normalizeElement, normalizeElements } from './attribute-walker.js';
import type { AppliedRules, DialectContext } from './dialect-rule.js';
import { normalizeDocument } from './normalize-document.js';
import { lowercaseOp, shapePatchMessage, shapePatchOperation } from './patch-message-shape.js';
import { nullPathValue, nullsInPathlessValue } from './patch-null-values.js';
import { dropFilterOnSingleValued, qualifyExtensionPath, unquoteFilterBooleans } from './patch-paths.js';
import { extensionOfPath, resolvePatchTarget, type PatchTarget } from './patch-target.js';
import { dropPatchValueNoise, isPasswordKey } from './read-only-noise.js';
import { expandRemoveWithValue } from './remove-with-value.js';

/** The value normalised for what the path names; unchanged when the path names nothing known. */
function normalizePathValue(context: DialectContext, path: string, target: PatchTarget | undefined, value: unknown, applied?: AppliedRules): unknown {
  const extension = extensionOfPath(context, path);
  if (extension !== undefined) {
    if (!isPlainObject(value)) return value;
    const normalized = normalizeDocument(context, { [extension]: value }, applied);
    return normalized[extension];
  }
  if (!target) return value;
  if (!target.element) return normalizeAttributeValue(target.attribute, value, applied);
  return Array.isArray(value) ? normalizeElements(target.attribute, value, applied) : normalizeElement(target.attribute, value, applied);
}

/**
 * Keys of a pathless value that are whole PATCH paths with a value filter (`emails[type eq "work"].value`, sent by
 * Entra ID in pathless replace values) become operations of their own (rule `qualifiedKeys`).
 */
function splitFilteredKeys(operation: Record<string, unknown>, applied?: AppliedRules): Record<string, unknown>[] {
  const { value } = operation;
  if (!isPlainObject(value)) return [operation];
  const filtered = Object.keys(value).filter((key) => key.includes('['));
  if (filtered.length === 0) return [operation];
  applied?.add('qualifiedKeys');
  const rest = Object.fromEntries(Object.entries(value).filter(([key]) => !key.includes('[')));
  return [
    ...(Object.keys(rest).length > 0 ? [{ ...operation, value: rest }] : []),
    ...filtered.map((key) => ({ op: operation.op, path: key, value: value[key] })),
  ];
}

/** The rules for an operation that has a path. */
function normalizePathOperation(context: DialectContext, operation: Record<string, unknown>, rawPath: string, applied?: AppliedRules): Record<string, unknown>[] {
  let path = unquoteFilterBooleans(context, qualifyExtensionPath(context, rawPath, applied), applied);
  if (operation.op === 'remove') path = dropFilterOnSingleValued(context, path, applied);
  if (isPasswordKey(context, path)) {
    applied?.add('passwordIgnored');
    // An empty pathless replace changes nothing, and keeps a password-only request a valid (non-empty) PatchOp.
    return [{ op: 'replace', value: {} }];
  }
  let result = path === rawPath ? operation : { ...operation, path };
  const target = resolvePatchTarget(context, path);
  if (result.op === 'remove') return expandRemoveWithValue(result, path, target, applied);
  if ('value' in result) {
    const value = normalizePathValue(context, path, target, result.value, applied);
    if (value !== result.value) result = { ...result, value };
  }
  return nullPathValue(result, applied);
}

/** The rules for an operation without a path (its value is an object of attributes). */
function normalizePathlessOperation(context: DialectContext, operation: Record<string, unknown>, applied?: AppliedRules): Record<string, unknown>[] {
  if ((operation.op !== 'add' && operation.op !== 'replace') || !isPlainObject(operation.value)) return [operation];
  return splitFilteredKeys(operation, applied).flatMap((part) => {
    if (typeof part.path === 'string') return normalizePathOperation(context, part, part.path, applied);
    if (!isPlainObject(part.value)) return [part];
    let value = normalizeDocument(context, part.value, applied);
    value = dropPatchValueNoise(context, value, applied);
    return nullsInPathlessValue(context, value === part.value ? part : { ...part, value }, applied);
  });
}

/** The operations one raw element of `Operations` stands for. */
export function normalizeOperation(context: DialectContext, raw: unknown, applied?: AppliedRules): unknown[] {
  if (!isPlainObject(raw)) return [raw];
  const operation = lowercaseOp(shapePatchOperation(raw, applied), applied);
  const { path } = operation;
  if (typeof path === 'string') return normalizePathOperation(context, operation, path, applied);
  if (path === undefined) return normalizePathlessOperation(context, operation, applied);
  return [operation];
}

/** Applies every PATCH rule to a request body; the same reference when no rule changed anything. */
export function normalizePatchBody(context: DialectContext, body: unknown, applied?: AppliedRules): unknown {
  if (!isPlainObject(body)) return body;
  const message = shapePatchMessage(body, applied);
  const operations = message.Operations;
  if (!Array.isArray(operations)) return message;
  let changed = false;
  const normalized: unknown[] = [];
  for (const raw of operations) {
    const result = normalizeOperation(context, raw, applied);
    if (result.length !== 1 || result[0] !== raw) changed = true;
    normalized.push(...result);
  }
  return changed ? { ...message, Operations: normalized } : message;
}
