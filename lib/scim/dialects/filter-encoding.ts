/**
 * Encoding rules for the `filter` query parameter (RFC 7644 §3.4.2.2):
 * - `filterEncoding`: a filter that arrives still percent-encoded (`userName%20eq%20%22ada%40example.com%22`,
 *   double-encoded by some connectors and proxies) is decoded once. Only a filter with no space and no quote is
 *   touched: a decoded filter always has a space between path and operator, so one without any cannot be valid.
 * - `filterPlusAsSpace`: `+` for spaces (`displayName+eq+"Sales"`, form encoding left undecoded by a proxy, as in
 *   Microsoft's reference collection URLs) outside quoted strings, again only when the filter has no whitespace
 *   outside quotes; a `+` inside a quoted value (`"ada+test@example.com"`) is never touched.
 */
import type { AppliedRules } from './dialect-rule.js';
import { track } from './dialect-rule.js';

/** Calls `visit` with each character and whether it lies inside a JSON string literal. */
function scanQuoted(text: string, visit: (char: string, quoted: boolean) => void): void {
  let quoted = false;
  let escaped = false;
  for (const char of text) {
    const inside = quoted;
    if (quoted) {
      if (escaped) escaped = false;
      else if (char === '\\') escaped = true;
      else if (char === '"') quoted = false;
    } else if (char === '"') {
      quoted = true;
    }
    visit(char, inside || char === '"');
  }
}

/** A still percent-encoded filter decoded once; unchanged when it is not one. */
export function decodeEncodedFilter(text: string, applied?: AppliedRules): string {
  if (/[\s"]/.test(text) || !/%(?:20|22)/i.test(text)) return text;
  try {
    return track(applied, 'filterEncoding', text, decodeURIComponent(text));
  } catch {
    return text;
  }
}

/** `+` outside quoted strings read as spaces when the filter has no whitespace outside quotes; else unchanged. */
export function plusAsSpace(text: string, applied?: AppliedRules): string {
  let spaced = false;
  let plus = false;
  scanQuoted(text, (char, quoted) => {
    if (quoted) return;
    if (/\s/.test(char)) spaced = true;
    if (char === '+') plus = true;
  });
  if (spaced || !plus) return text;
  let result = '';
  scanQuoted(text, (char, quoted) => {
    result += !quoted && char === '+' ? ' ' : char;
  });
  return track(applied, 'filterPlusAsSpace', text, result);
}
