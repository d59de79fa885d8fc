/**
 * Rule `nullMeansAbsent` (RFC 7643 §2.5: "unassigned attributes, the null value, or empty array … SHALL be
 * considered equivalent"): clients send `null` for attributes with no source value in POST and PUT bodies (the
 * Entra replay carries one). They are dropped, at every level, so that validation sees only what was sent.
 */
import { isPlainObject } from '../schema/canonicalise.js';
import type { AppliedRules } from './dialect-rule.js';

/** A copy of `value` without `null` members or elements; the same reference when it has none. */
export function dropNulls(value: unknown, applied?: AppliedRules): unknown {
  if (Array.isArray(value)) {
    let changed = false;
    const result: unknown[] = [];
    for (const element of value) {
      if (element === null) {
        changed = true;
        continue;
      }
      const cleaned = dropNulls(element, applied);
      if (cleaned !== element) changed = true;
      result.push(cleaned);
    }
    if (changed) applied?.add('nullMeansAbsent');
    return changed ? result : value;
  }
  if (!isPlainObject(value)) return value;
  let changed = false;
  const result: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    if (item === null) {
      changed = true;
      continue;
    }
    const cleaned = dropNulls(item, applied);
    if (cleaned !== item) changed = true;
    result[key] = cleaned;
  }
  if (changed) applied?.add('nullMeansAbsent');
  return changed ? result : value;
}
