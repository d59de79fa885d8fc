/**
 * Lexer for SCIM filters and PATCH paths (RFC 7644 §3.4.2.2 ABNF, §3.5.2 `PATH`). Turns the text into tokens with
 * 1-based positions; the parser gives words their meaning (attribute path, operator, `and`/`or`/`not`, literal)
 * from where they stand, so an attribute that happens to be called `pr` still parses.
 */
import type { ScimError } from '../errors.js';

/** Kinds of token the lexer produces. */
export type TokenKind =
  | 'word'
  | 'string'
  | 'number'
  | 'lparen'
  | 'rparen'
  | 'lbracket'
  | 'rbracket'
  | 'dotName'
  | 'end';

/** One token. `position` is the 1-based character offset of its first character. */
export interface Token {
  readonly kind: TokenKind;
  /** The text as written (for `dotName`, the name without the dot). */
  readonly text: string;
  /** Decoded value of a `string` or `number` token. */
  readonly value?: string | number;
  readonly position: number;
}

/** Builds the error the caller wants (invalidFilter for filters, invalidPath for PATCH paths). */
export type SyntaxErrorFactory = (detail: string) => ScimError;

const WORD_START = /[A-Za-z$]/;
// Word characters include ':' and '.' so a URN-prefixed path (`urn:…:2.0:User:name.familyName`) is one token.
const WORD_CHAR = /[A-Za-z0-9_\-.:$]/;
const NUMBER = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;
const WHITESPACE = /[ \t\r\n]/;

/** Quotes a fragment of input for an error detail, shortened so hostile input does not flood the logs. */
export function quoteFragment(text: string): string {
  return JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}…` : text);
}

/**
 * Splits `text` into tokens, ending with an `end` token. Throws the factory's error naming the position for an
 * unterminated or malformed string, a malformed or out-of-range number, or a character that starts no token.
 */
export function tokenize(text: string, fail: SyntaxErrorFactory): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text.charAt(i);
    const position = i + 1;
    if (WHITESPACE.test(ch)) {
      i += 1;
    } else if (ch === '(' || ch === ')' || ch === '[' || ch === ']') {
      const kind = ch === '(' ? 'lparen' : ch === ')' ? 'rparen' : ch === '[' ? 'lbracket' : 'rbracket';
      tokens.push({ kind, text: ch, position });
      i += 1;
    } else if (ch === '"') {
      const end = scanString(text, i, fail);
      const raw = text.slice(i, end);
      tokens.push({ kind: 'string', text: raw, value: decodeString(raw, position, fail), position });
      i = end;
    } else if (ch === '-' || (ch >= '0' && ch <= '9')) {
      NUMBER.lastIndex = i;
      const match = NUMBER.exec(text);
      const raw = match?.[0] ?? '';
      if (raw === '' || raw === '-' || WORD_CHAR.test(text.charAt(i + raw.length))) {
        throw fail(`at position ${position}: malformed number starting ${quoteFragment(text.slice(i, i + 20))}`);
      }
      tokens.push({ kind: 'number', text: raw, value: decodeNumber(raw, position, fail), position });
      i += raw.length;
    } else if (ch === '.' && WORD_START.test(text.charAt(i + 1))) {
      const end = scanWord(text, i + 1);
      tokens.push({ kind: 'dotName', text: text.slice(i + 1, end), position });
      i = end;
    } else if (WORD_START.test(ch)) {
      const end = scanWord(text, i);
      tokens.push({ kind: 'word', text: text.slice(i, end), position });
      i = end;
    } else {
      throw fail(`at position ${position}: unexpected character ${quoteFragment(ch)}`);
    }
  }
  tokens.push({ kind: 'end', text: '', position: text.length + 1 });
  return tokens;
}

function scanWord(text: string, start: number): number {
  let end = start + 1;
  while (end < text.length && WORD_CHAR.test(text.charAt(end))) end += 1;
  return end;
}

/** Returns the index just past the closing quote of the string starting at `start`. */
function scanString(text: string, start: number, fail: SyntaxErrorFactory): number {
  let i = start + 1;
  while (i < text.length) {
    const ch = text.charAt(i);
    if (ch === '\\') {
      i += 2;
    } else if (ch === '"') {
      return i + 1;
    } else {
      i += 1;
    }
  }
  throw fail(`at position ${start + 1}: unterminated string; expected a closing '"'`);
}

/** Decodes a JSON string literal (RFC 8259 §7 escapes) so the value matches what a JSON body would carry. */
function decodeString(raw: string, position: number, fail: SyntaxErrorFactory): string {
  try {
    const value: unknown = JSON.parse(raw);
    if (typeof value === 'string') return value;
  } catch {
    // Falls through to the error below: a bad escape or a raw control character.
  }
  throw fail(`at position ${position}: invalid string literal ${quoteFragment(raw)} (bad escape or control character)`);
}

/** Numbers must survive the trip to a JS number: no Infinity, no silently rounded integers. */
function decodeNumber(raw: string, position: number, fail: SyntaxErrorFactory): number {
  const value = Number(raw);
  const isInteger = !/[.eE]/.test(raw);
  if (!Number.isFinite(value) || (isInteger && !Number.isSafeInteger(value))) {
    throw fail(`at position ${position}: number ${quoteFragment(raw)} is out of range`);
  }
  return value;
}
