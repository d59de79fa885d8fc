/**
 * Rule `nullReplaceRemoves` (RFC 7643 §2.5: null is the unassigned state): clients clear an attribute by
 * replacing it with `null` (or, for `manager`, an empty string, see `managerForms`), with a path or inside a
 * pathless value. A `replace` to null becomes a `remove` of that path; an `add` of null adds nothing and is dropped.
 */
import { isPlainObject } from '../schema/canonicalise.js';
import { findAttribute } from '../schema/registry.js';
import type { AppliedRules, DialectContext } from './dialect-rule.js';
import { dropNulls } from './null-values.js';

/** The operations for a path operation whose value is null: a remove (replace), nothing (add), else unchanged. */
export function nullPathValue(operation: Record<string, unknown>, applied?: AppliedRules): Record<string, unknown>[] {
  if (operation.value !== null || typeof operation.path !== 'string') return [operation];
  applied?.add('nullReplaceRemoves');
  if (operation.op === 'add') return [];
  if (operation.op !== 'replace') return [operation];
  const { value: _null, ...remove } = operation;
  return [{ ...remove, op: 'remove' }];
}

/** Paths of the `null`s in a (normalised) pathless value: top-level, extension and single-valued complex sub-attributes. */
function nullPaths(context: DialectContext, value: Record<string, unknown>): string[] {
  const { registry, type } = context;
  const resourceType = registry.resourceType(type);
  const core = registry.schema(resourceType.schema)?.attributes ?? [];
  const paths: string[] = [];
  const collect = (prefix: string, object: Record<string, unknown>, attributes: typeof core): void => {
    for (const [key, item] of Object.entries(object)) {
      if (item === null) {
        paths.push(`${prefix}${key}`);
        continue;
      }
      const attribute = findAttribute(attributes, key);
      if (attribute?.type === 'complex' && !attribute.multiValued && isPlainObject(item)) {
        for (const [subKey, subItem] of Object.entries(item)) if (subItem === null) paths.push(`${prefix}${key}.${subKey}`);
      }
    }
  };
  for (const [key, item] of Object.entries(value)) {
    const extension = resourceType.schemaExtensions.find((candidate) => candidate.schema.toLowerCase() === key.toLowerCase());
    if (extension && isPlainObject(item)) collect(`${extension.schema}:`, item, registry.schema(extension.schema)?.attributes ?? []);
    else if (extension && item === null) paths.push(extension.schema);
    else if (!extension) collect('', { [key]: item }, core);
  }
  return paths;
}

/**
 * The operations for a pathless add/replace whose value holds nulls: the value without them and, for `replace`, a
 * `remove` per null. An empty remaining value is dropped. Unchanged (`[operation]`) when there are no nulls.
 */
export function nullsInPathlessValue(context: DialectContext, operation: Record<string, unknown>, applied?: AppliedRules): Record<string, unknown>[] {
  const { value } = operation;
  if (!isPlainObject(value)) return [operation];
  const cleaned = dropNulls(value);
  if (cleaned === value) return [operation];
  const removals = operation.op === 'replace' ? nullPaths(context, value) : [];
  if (removals.length > 0) applied?.add('nullReplaceRemoves');
  else applied?.add('nullMeansAbsent');
  const rest = isPlainObject(cleaned) && Object.keys(cleaned).length > 0 ? [{ ...operation, value: cleaned }] : [];
  return [...rest, ...removals.map((path) => ({ op: 'remove', path }))];
}
