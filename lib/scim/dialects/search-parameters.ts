/**
 * Rule `attributeFilterIgnored`: Microsoft's reference collection asks for `attributes=emails[type eq "work"]`, a
 * value filter inside the `attributes` parameter, which RFC 7644 §3.9 does not have (it takes attribute names).
 * The filter is dropped and the attribute kept, so the response carries the whole attribute: more than asked,
 * never less.
 */
import { track, type AppliedRules } from './dialect-rule.js';

/** `emails[type eq "work"]` → `emails`; any other name unchanged. */
function stripFilter(name: string): string {
  const open = name.indexOf('[');
  const close = name.lastIndexOf(']');
  if (open < 0 || close < open) return name;
  return (name.slice(0, open) + name.slice(close + 1)).trim();
}

/** Splits a comma-separated `attributes` value, keeping commas inside brackets (a filter) with their name. */
function splitNames(text: string): string[] {
  const names: string[] = [];
  let depth = 0;
  let current = '';
  for (const char of text) {
    if (char === '[') depth += 1;
    if (char === ']') depth = Math.max(0, depth - 1);
    if (char === ',' && depth === 0) {
      names.push(current);
      current = '';
    } else {
      current += char;
    }
  }
  names.push(current);
  return names;
}

/** The `attributes` / `excludedAttributes` value (comma-separated text, or a list) without value filters. */
export function stripAttributeFilters(value: unknown, applied?: AppliedRules): unknown {
  if (typeof value === 'string') {
    if (!value.includes('[')) return value;
    return track(applied, 'attributeFilterIgnored', value, splitNames(value).map(stripFilter).join(','));
  }
  if (Array.isArray(value) && value.some((name) => typeof name === 'string' && name.includes('['))) {
    return track(applied, 'attributeFilterIgnored', value, value.map((name) => (typeof name === 'string' ? stripFilter(name) : name)));
  }
  return value;
}
