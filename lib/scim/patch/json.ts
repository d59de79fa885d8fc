/**
 * Small JSON helpers for the PATCH engine: structural equality and copying of JSON documents.
 */

/** Structural equality of two JSON values (key order ignored, array order significant). */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((item, index) => jsonEqual(item, b[index]));
  }
  const left = a as Record<string, unknown>;
  const right = b as Record<string, unknown>;
  const keys = Object.keys(left);
  return keys.length === Object.keys(right).length && keys.every((key) => key in right && jsonEqual(left[key], right[key]));
}

/** A deep copy of a JSON value, so the engine can work on it and leave the caller's document untouched. */
export function jsonClone<T>(value: T): T {
  return structuredClone(value);
}
