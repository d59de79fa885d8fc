/**
 * Rule `filterBareValues`: RFC 7644 §3.4.2.2 makes a comparison value a JSON literal, so strings are quoted
 * (`userName sw "O"`). Microsoft's reference collection sends them bare:
 * `name.FamilyName eq Employee and (emails.Value co example.com or emails.Value co example.org)`,
 * `meta.Created gt 2015-10-10T14:38:21.8617979-07:00`. A bare word in the value position of a comparison that is
 * not a JSON literal (`true`, `false`, `null`, a number) is quoted. Only single words are quoted: a bare value
 * with spaces stays ambiguous and is left for the parser to reject.
 */
import { track, type AppliedRules } from './dialect-rule.js';

const COMPARE_OPERATORS: ReadonlySet<string> = new Set(['eq', 'ne', 'co', 'sw', 'ew', 'gt', 'ge', 'lt', 'le']);
const JSON_LITERAL = /^(?:true|false|null|-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?)$/;
const DELIMITER = /[\s()[\]"]/;

type Expecting = 'path' | 'operator' | 'value' | 'logic';

/** End index (exclusive) of the JSON string starting at `start`, or the text's length when unterminated. */
function stringEnd(text: string, start: number): number {
  for (let i = start + 1; i < text.length; i += 1) {
    if (text[i] === '\\') i += 1;
    else if (text[i] === '"') return i + 1;
  }
  return text.length;
}

/** The filter with bare comparison values quoted; the same string when there are none. */
export function quoteBareValues(text: string, applied?: AppliedRules): string {
  let result = '';
  let expecting: Expecting = 'path';
  let i = 0;
  while (i < text.length) {
    const char = text.charAt(i);
    if (/\s/.test(char)) {
      result += char;
      i += 1;
    } else if (char === '(' || char === '[') {
      result += char;
      expecting = 'path';
      i += 1;
    } else if (char === ')' || char === ']') {
      result += char;
      // `emails[type eq work].value eq x`: a sub-attribute after ']' reads like a path, so its value is quoted too.
      expecting = char === ']' && text.charAt(i + 1) === '.' ? 'path' : 'logic';
      i += 1;
    } else if (char === '"') {
      const end = stringEnd(text, i);
      result += text.slice(i, end);
      expecting = 'logic';
      i = end;
    } else {
      let end = i;
      while (end < text.length && !DELIMITER.test(text.charAt(end))) end += 1;
      const word = text.slice(i, end);
      const lower = word.toLowerCase();
      if (expecting === 'value' && !JSON_LITERAL.test(word)) result += JSON.stringify(word);
      else result += word;
      if (expecting === 'path') expecting = lower === 'not' ? 'path' : 'operator';
      else if (expecting === 'operator') expecting = COMPARE_OPERATORS.has(lower) ? 'value' : 'logic';
      else if (expecting === 'value') expecting = 'logic';
      else expecting = lower === 'and' || lower === 'or' ? 'path' : 'logic';
      i = end;
    }
  }
  return track(applied, 'filterBareValues', text, result === text ? text : result);
}
