/**
 * Recursive-descent parser for SCIM filters (RFC 7644 §3.4.2.2). Precedence, loosest first: `or`, `and`, `not`,
 * then grouping and attribute expressions. Operators and keywords match in any case (RFC 7644 §3.4.2.2: "Attribute
 * names and attribute operators used in filters are case insensitive"). `and`/`or` chains associate to the left.
 */
import { invalidFilter, invalidValue } from '../errors.js';
import { toAttributePath } from '../path/attribute-path.js';
import type { AttributePath } from '../path/ast.js';
import { hasUnstorableText, UNSTORABLE_TEXT_MESSAGE } from '../schema/storable-text.js';
import type { CompareOperator, FilterNode, FilterValue } from './ast.js';
import { quoteFragment, tokenize, type SyntaxErrorFactory, type Token } from './lexer.js';
import { MAX_FILTER_CLAUSES, MAX_FILTER_DEPTH, MAX_FILTER_LENGTH } from './limits.js';

const COMPARE_OPERATORS: ReadonlySet<string> = new Set(['eq', 'ne', 'co', 'sw', 'ew', 'gt', 'ge', 'lt', 'le']);

function isCompareOperator(word: string): word is CompareOperator {
  return COMPARE_OPERATORS.has(word);
}

/** How a token reads in an error detail. */
function describe(token: Token): string {
  return token.kind === 'end' ? 'end of input' : quoteFragment(token.kind === 'dotName' ? `.${token.text}` : token.text);
}

/**
 * A parser over one token list. Exposed so the PATCH path parser can parse the value filter between brackets
 * with the same grammar and absolute positions; use {@link parseFilter} for a whole filter.
 */
export class FilterParser {
  private index = 0;
  private depth = 0;
  private clauses = 0;

  constructor(
    private readonly tokens: readonly Token[],
    private readonly fail: SyntaxErrorFactory,
  ) {}

  /** The current token, not consumed. */
  peek(): Token {
    // tokenize() always ends with an `end` token, so clamping keeps peek total.
    return this.tokens[Math.min(this.index, this.tokens.length - 1)] as Token;
  }

  /** Consumes and returns the current token. */
  next(): Token {
    const token = this.peek();
    if (this.index < this.tokens.length - 1) this.index += 1;
    return token;
  }

  /** Consumes a token of `kind` or throws naming the position and what was expected. */
  expect(kind: Token['kind'], expected: string): Token {
    const token = this.peek();
    if (token.kind !== kind) throw this.fail(`at position ${token.position}: expected ${expected}, found ${describe(token)}`);
    return this.next();
  }

  /** Parses `FILTER` (value paths allowed). */
  parseFilter(): FilterNode {
    return this.parseOr(false);
  }

  /** Parses `valFilter`, the filter inside `attr[…]`: its paths are sub-attributes and it may not nest `[`. */
  parseValueFilter(): FilterNode {
    return this.parseOr(true);
  }

  private parseOr(inValue: boolean): FilterNode {
    let left = this.parseAnd(inValue);
    while (this.isKeyword('or')) {
      this.countClause(this.next());
      left = { kind: 'or', left, right: this.parseAnd(inValue) };
    }
    return left;
  }

  private parseAnd(inValue: boolean): FilterNode {
    let left = this.parseUnary(inValue);
    while (this.isKeyword('and')) {
      this.countClause(this.next());
      left = { kind: 'and', left, right: this.parseUnary(inValue) };
    }
    return left;
  }

  private parseUnary(inValue: boolean): FilterNode {
    const token = this.peek();
    if (token.kind === 'lparen') {
      return this.nested(token, () => {
        this.next();
        const inner = this.parseOr(inValue);
        this.expect('rparen', `')' to close the '(' at position ${token.position}`);
        return inner;
      });
    }
    if (this.isKeyword('not')) {
      this.countClause(this.next());
      const open = this.expect('lparen', `'(' after 'not' at position ${token.position}`);
      return this.nested(open, () => {
        const inner = this.parseOr(inValue);
        this.expect('rparen', `')' to close the '(' at position ${open.position}`);
        return { kind: 'not', filter: inner };
      });
    }
    if (token.kind === 'word') return this.parseAttributeExpression(inValue);
    throw this.fail(`at position ${token.position}: expected an attribute path, '(' or 'not', found ${describe(token)}`);
  }

  private parseAttributeExpression(inValue: boolean): FilterNode {
    const start = this.next();
    const path = toAttributePath(start.text, start.position, this.fail);
    if (this.peek().kind === 'lbracket') return this.parseValuePath(start, path, inValue);
    return this.parseComparison(start, path);
  }

  /** `attrPath "pr"` or `attrPath compareOp compValue`, the path already read from `start`. */
  private parseComparison(start: Token, path: AttributePath): FilterNode {
    const token = this.peek();
    const operator = token.kind === 'word' ? token.text.toLowerCase() : '';
    if (operator === 'pr') {
      this.countClause(this.next());
      return { kind: 'present', path, position: start.position };
    }
    if (isCompareOperator(operator)) {
      this.countClause(this.next());
      const value = this.parseValue(operator);
      if (typeof value === 'string' && hasUnstorableText(value)) {
        // The value, not the grammar, is wrong: invalidValue, as for the same text in a request body.
        throw invalidValue(`Filter error at position ${start.position}: the value compared with ${quoteFragment(start.text)} ${UNSTORABLE_TEXT_MESSAGE}`);
      }
      return { kind: 'compare', path, op: operator, value, position: start.position };
    }
    throw this.fail(
      `at position ${token.position}: expected a comparison operator (eq, ne, co, sw, ew, gt, ge, lt, le) or 'pr' after ${quoteFragment(start.text)}, found ${describe(token)}`,
    );
  }

  private parseValuePath(start: Token, path: AttributePath, inValue: boolean): FilterNode {
    const open = this.peek();
    if (inValue) throw this.fail(`at position ${open.position}: value filters cannot be nested`);
    if (path.subAttribute !== undefined) {
      throw this.fail(`at position ${open.position}: a value filter must follow an attribute, not the sub-attribute ${quoteFragment(start.text)}`);
    }
    return this.nested(open, () => {
      this.next();
      const filter = this.parseValueFilter();
      this.expect('rbracket', `']' to close the '[' at position ${open.position}`);
      const after = this.peek();
      if (after.kind !== 'dotName') return { kind: 'valuePath', path, filter, position: start.position };
      return { kind: 'valuePath', path, filter: this.parseSubAttributeComparison(filter), position: start.position };
    });
  }

  /**
   * `attr[valFilter].subAttr op value` (the form Entra ID sends: `emails[type eq "work"].value eq "…"`), an
   * extension of the RFC 7644 §3.4.2.2 grammar read as "some element matches the value filter and its `subAttr`
   * satisfies the comparison", i.e. `attr[valFilter and subAttr op value]`; it is built in that shape so every
   * consumer (check, matcher, SQL compiler) reads it without knowing the extension.
   */
  private parseSubAttributeComparison(filter: FilterNode): FilterNode {
    const dot = this.next();
    const name: Token = { kind: 'word', text: dot.text, position: dot.position + 1 };
    const sub = dot.text.includes(':') ? undefined : toAttributePath(dot.text, name.position, this.fail);
    if (!sub || sub.subAttribute !== undefined) {
      throw this.fail(`at position ${dot.position}: ${quoteFragment(`.${dot.text}`)} is not a single sub-attribute name`);
    }
    return { kind: 'and', left: filter, right: this.parseComparison(name, sub) };
  }

  private parseValue(operator: string): FilterValue {
    const token = this.next();
    if (token.kind === 'string' || token.kind === 'number') return token.value as FilterValue;
    if (token.kind === 'word') {
      const word = token.text.toLowerCase();
      if (word === 'true') return true;
      if (word === 'false') return false;
      if (word === 'null') return null;
    }
    throw this.fail(
      `at position ${token.position}: expected a value (string, number, true, false or null) after '${operator}', found ${describe(token)}`,
    );
  }

  private isKeyword(keyword: string): boolean {
    const token = this.peek();
    return token.kind === 'word' && token.text.toLowerCase() === keyword;
  }

  /** Counts one comparison or logical operator, refusing more than {@link MAX_FILTER_CLAUSES}. */
  private countClause(at: Token): void {
    this.clauses += 1;
    if (this.clauses > MAX_FILTER_CLAUSES) {
      throw this.fail(`at position ${at.position}: more than ${MAX_FILTER_CLAUSES} clauses (comparisons, 'pr', 'and', 'or', 'not'); the limit is ${MAX_FILTER_CLAUSES}`);
    }
  }

  /** Runs `body` one nesting level deeper, refusing to go past {@link MAX_FILTER_DEPTH}. */
  private nested<T>(at: Token, body: () => T): T {
    if (this.depth >= MAX_FILTER_DEPTH) {
      throw this.fail(`at position ${at.position}: nesting deeper than ${MAX_FILTER_DEPTH} levels`);
    }
    this.depth += 1;
    try {
      return body();
    } finally {
      this.depth -= 1;
    }
  }
}

/**
 * Parses a SCIM filter (RFC 7644 §3.4.2.2) into a {@link FilterNode}. Throws 400 invalidFilter with a detail naming
 * the 1-based position and what was expected, for syntax errors, input longer than {@link MAX_FILTER_LENGTH},
 * nesting deeper than {@link MAX_FILTER_DEPTH} and more than {@link MAX_FILTER_CLAUSES} clauses. Does not consult the schema: see `checkFilter` for that.
 */
export function parseFilter(text: string): FilterNode {
  const fail: SyntaxErrorFactory = (detail) => invalidFilter(`Filter syntax error ${detail}`);
  if (text.length > MAX_FILTER_LENGTH) {
    throw fail(`at position ${MAX_FILTER_LENGTH + 1}: filter is longer than ${MAX_FILTER_LENGTH} characters`);
  }
  const parser = new FilterParser(tokenize(text, fail), fail);
  if (parser.peek().kind === 'end') throw fail('at position 1: expected a filter, found end of input');
  const node = parser.parseFilter();
  parser.expect('end', "'and', 'or' or end of filter");
  return node;
}
