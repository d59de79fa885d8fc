import { describe, it, expect } from 'vitest';
import { ScimError } from '../../../../lib/scim/errors.js';
import type { FilterNode } from '../../../../lib/scim/filter/ast.js';
import { MAX_FILTER_CLAUSES, MAX_FILTER_DEPTH, MAX_FILTER_LENGTH } from '../../../../lib/scim/filter/limits.js';
import { parseFilter } from '../../../../lib/scim/filter/parser.js';

const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
const CORE_USER = 'urn:ietf:params:scim:schemas:core:2.0:User';

/** A compact rendering of the AST so expectations stay readable. */
function show(node: FilterNode): string {
  const path = (p: { schema?: string; attribute: string; subAttribute?: string }): string =>
    `${p.schema ? `${p.schema}:` : ''}${p.attribute}${p.subAttribute ? `.${p.subAttribute}` : ''}`;
  switch (node.kind) {
    case 'compare':
      return `${path(node.path)} ${node.op} ${JSON.stringify(node.value)}`;
    case 'present':
      return `${path(node.path)} pr`;
    case 'and':
    case 'or':
      return `(${show(node.left)} ${node.kind} ${show(node.right)})`;
    case 'not':
      return `not(${show(node.filter)})`;
    case 'valuePath':
      return `${path(node.path)}[${show(node.filter)}]`;
  }
}

function parseError(text: string): ScimError {
  try {
    parseFilter(text);
  } catch (error) {
    if (error instanceof ScimError) return error;
    throw error;
  }
  throw new Error(`expected ${text} to fail`);
}

describe('parseFilter: RFC 7644 §3.4.2.2 examples', () => {
  const cases: [string, string][] = [
    ['userName Eq "john"', 'userName eq "john"'],
    ['Username eq "john"', 'Username eq "john"'],
    ['userName eq "bjensen"', 'userName eq "bjensen"'],
    ['name.familyName co "O\'Malley"', 'name.familyName co "O\'Malley"'],
    ['userName sw "J"', 'userName sw "J"'],
    [`${CORE_USER}:userName sw "J"`, `${CORE_USER}:userName sw "J"`],
    ['title pr', 'title pr'],
    ['meta.lastModified gt "2011-05-13T04:42:34Z"', 'meta.lastModified gt "2011-05-13T04:42:34Z"'],
    ['meta.lastModified ge "2011-05-13T04:42:34Z"', 'meta.lastModified ge "2011-05-13T04:42:34Z"'],
    ['meta.lastModified lt "2011-05-13T04:42:34Z"', 'meta.lastModified lt "2011-05-13T04:42:34Z"'],
    ['meta.lastModified le "2011-05-13T04:42:34Z"', 'meta.lastModified le "2011-05-13T04:42:34Z"'],
    ['title pr and userType eq "Employee"', '(title pr and userType eq "Employee")'],
    ['title pr or userType eq "Intern"', '(title pr or userType eq "Intern")'],
    [
      'schemas eq "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"',
      `schemas eq "${ENTERPRISE}"`,
    ],
    [
      'userType eq "Employee" and (emails co "example.com" or emails.value co "example.org")',
      '(userType eq "Employee" and (emails co "example.com" or emails.value co "example.org"))',
    ],
    [
      'userType ne "Employee" and not (emails co "example.com" or emails.value co "example.org")',
      '(userType ne "Employee" and not((emails co "example.com" or emails.value co "example.org")))',
    ],
    [
      'userType eq "Employee" and (emails.type eq "work")',
      '(userType eq "Employee" and emails.type eq "work")',
    ],
    [
      'userType eq "Employee" and emails[type eq "work" and value co "@example.com"]',
      '(userType eq "Employee" and emails[(type eq "work" and value co "@example.com")])',
    ],
    [
      'emails[type eq "work" and value co "@example.com"] or ims[type eq "xmpp" and value co "@foo.com"]',
      '(emails[(type eq "work" and value co "@example.com")] or ims[(type eq "xmpp" and value co "@foo.com")])',
    ],
  ];
  for (const [text, expected] of cases) {
    it(text, () => {
      expect(show(parseFilter(text))).toBe(expected);
    });
  }
});

describe('parseFilter: grammar', () => {
  it('gives not precedence over and, and and over or', () => {
    expect(show(parseFilter('a eq 1 or b eq 2 and c eq 3'))).toBe('(a eq 1 or (b eq 2 and c eq 3))');
    expect(show(parseFilter('a eq 1 and b eq 2 or c eq 3'))).toBe('((a eq 1 and b eq 2) or c eq 3)');
    expect(show(parseFilter('not(a pr) and b pr'))).toBe('(not(a pr) and b pr)');
    expect(show(parseFilter('(a eq 1 or b eq 2) and c eq 3'))).toBe('((a eq 1 or b eq 2) and c eq 3)');
  });

  it('associates and/or chains to the left', () => {
    expect(show(parseFilter('a pr and b pr and c pr'))).toBe('((a pr and b pr) and c pr)');
  });

  it('accepts operators and keywords in any case', () => {
    expect(show(parseFilter('a EQ 1 AND NOT (b Pr) Or c lE 2'))).toBe('((a eq 1 and not(b pr)) or c le 2)');
  });

  it('parses URN-prefixed paths of the enterprise extension', () => {
    const node = parseFilter(`${ENTERPRISE}:manager.value eq "26118915"`);
    expect(node).toEqual({
      kind: 'compare',
      path: { kind: 'attributePath', schema: ENTERPRISE, attribute: 'manager', subAttribute: 'value' },
      op: 'eq',
      value: '26118915',
      position: 1,
    });
    const core = parseFilter(`${CORE_USER}:name.familyName eq "Jensen"`);
    expect(core.kind === 'compare' && core.path).toEqual({
      kind: 'attributePath',
      schema: CORE_USER,
      attribute: 'name',
      subAttribute: 'familyName',
    });
  });

  it('decodes JSON string escapes', () => {
    const node = parseFilter('displayName eq "a\\"b\\\\c\\u00e9\\n\\/"');
    expect(node.kind === 'compare' && node.value).toBe('a"b\\cé\n/');
  });

  it('parses numbers, booleans and null', () => {
    const values = ['0', '-12', '3.25', '1e3', '-2.5E-2', 'true', 'false', 'null', 'TRUE'].map((v) => {
      const node = parseFilter(`x eq ${v}`);
      return node.kind === 'compare' ? node.value : undefined;
    });
    expect(values).toEqual([0, -12, 3.25, 1000, -0.025, true, false, null, true]);
  });

  it('records 1-based positions of expressions and value paths', () => {
    const node = parseFilter('a pr and  emails[type eq "work"]');
    expect(node.kind).toBe('and');
    if (node.kind !== 'and') return;
    expect(node.left).toMatchObject({ kind: 'present', position: 1 });
    expect(node.right).toMatchObject({ kind: 'valuePath', position: 11 });
    if (node.right.kind !== 'valuePath') return;
    expect(node.right.filter).toMatchObject({ kind: 'compare', position: 18 });
  });

  it('tolerates a missing space before a string value (RFC 7644 §3.5.2.2 example)', () => {
    expect(show(parseFilter('value eq"2819c223"'))).toBe('value eq "2819c223"');
  });

  it('keeps SQL metacharacters as literal string values', () => {
    const text = `userName eq "x'; DROP TABLE users; --" or displayName co "%_\\\\"`;
    expect(show(parseFilter(text))).toBe(`(userName eq "x'; DROP TABLE users; --" or displayName co "%_\\\\")`);
  });
});

describe('parseFilter: errors', () => {
  const cases: [string, RegExp][] = [
    ['', /position 1: expected a filter/],
    ['userName', /position 9: expected a comparison operator .* found end of input/],
    ['userName eq', /position 12: expected a value .* after 'eq', found end of input/],
    ['userName xx "a"', /position 10: expected a comparison operator/],
    ['userName eq "abc', /position 13: unterminated string/],
    ['userName eq "a\\qb"', /position 13: invalid string literal/],
    ['userName eq bjensen', /position 13: expected a value/],
    ['(userName pr', /position 13: expected '\)' to close the '\(' at position 1/],
    ['userName pr)', /position 12: expected 'and', 'or' or end of filter/],
    ['not userName pr', /position 5: expected '\(' after 'not' at position 1/],
    ['emails[type eq "work"', /position 22: expected '\]' to close the '\[' at position 7/],
    ['emails[type[value pr]]', /position 12: value filters cannot be nested/],
    ['emails.value[type pr]', /position 13: a value filter must follow an attribute/],
    ['emails[type pr].value.x eq "y"', /position 16: "\.value\.x" is not a single sub-attribute name/],
    ['emails[type pr].value', /position 22: expected a comparison operator .* after "value", found end of input/],
    ['a.b.c pr', /position 1: attribute path "a.b.c" has more than one sub-attribute/],
    ['userName eq 1e999', /position 13: number "1e999" is out of range/],
    ['userName eq 123456789012345678901234', /position 13: number .* is out of range/],
    ['userName eq 12abc', /position 13: malformed number/],
    ['userName eq "a" # 1', /position 17: unexpected character "#"/],
    ['a pr and', /position 9: expected an attribute path, '\(' or 'not', found end of input/],
    ['a pr or )', /position 9: expected an attribute path/],
  ];
  for (const [text, detail] of cases) {
    it(`rejects ${JSON.stringify(text)}`, () => {
      const error = parseError(text);
      expect(error.status).toBe(400);
      expect(error.scimType).toBe('invalidFilter');
      expect(error.detail).toMatch(detail);
    });
  }

  it('rejects nesting deeper than the cap without exhausting the stack', () => {
    const text = `${'('.repeat(4000)}a pr${')'.repeat(4000)}`;
    const error = parseError(text);
    expect(error.scimType).toBe('invalidFilter');
    expect(error.detail).toMatch(`position ${MAX_FILTER_DEPTH + 1}: nesting deeper than ${MAX_FILTER_DEPTH} levels`);
    expect(parseError(`${'not ('.repeat(60)}a pr${')'.repeat(60)}`).detail).toMatch(/nesting deeper/);
  });

  it('rejects more clauses than the cap, naming the limit', () => {
    // MAX_FILTER_CLAUSES / 2 comparisons joined by 'or' are MAX_FILTER_CLAUSES - 1 clauses; one more pair is too many.
    const chain = (n: number) => Array.from({ length: n }, (_, i) => `userName eq "u${i}"`).join(' or ');
    expect(() => parseFilter(chain(MAX_FILTER_CLAUSES / 2))).not.toThrow();
    const error = parseError(chain(MAX_FILTER_CLAUSES / 2 + 1));
    expect(error.status).toBe(400);
    expect(error.scimType).toBe('invalidFilter');
    expect(error.detail).toContain(`the limit is ${MAX_FILTER_CLAUSES}`);
    expect(parseError(`emails[${chain(MAX_FILTER_CLAUSES)}]`).detail).toContain(`more than ${MAX_FILTER_CLAUSES} clauses`);
  });

  it('accepts nesting up to the cap', () => {
    const text = `${'('.repeat(MAX_FILTER_DEPTH)}a pr${')'.repeat(MAX_FILTER_DEPTH)}`;
    expect(show(parseFilter(text))).toBe('a pr');
  });

  it('rejects over-long filters before lexing', () => {
    const error = parseError(`userName eq "${'x'.repeat(MAX_FILTER_LENGTH)}"`);
    expect(error.scimType).toBe('invalidFilter');
    expect(error.detail).toMatch(/longer than/);
  });

  it('shortens hostile fragments in the detail', () => {
    const error = parseError(`userName xx${'y'.repeat(5000)} "a"`);
    expect(error.detail.length).toBeLessThan(300);
  });
});
