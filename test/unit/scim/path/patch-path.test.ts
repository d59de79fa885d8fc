import { describe, it, expect } from 'vitest';
import { ScimError } from '../../../../lib/scim/errors.js';
import { parseAttributePath } from '../../../../lib/scim/path/attribute-path.js';
import { parsePatchPath } from '../../../../lib/scim/path/patch-path.js';

const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';

function failure(run: () => unknown): ScimError {
  try {
    run();
  } catch (error) {
    if (error instanceof ScimError) return error;
    throw error;
  }
  throw new Error('expected a ScimError');
}

describe('parsePatchPath', () => {
  it('parses plain attributes and sub-attributes', () => {
    expect(parsePatchPath('members')).toEqual({ kind: 'patchPath', path: { kind: 'attributePath', attribute: 'members' } });
    expect(parsePatchPath('name.givenName')).toEqual({
      kind: 'patchPath',
      path: { kind: 'attributePath', attribute: 'name', subAttribute: 'givenName' },
    });
  });

  it('parses URN-prefixed extension paths', () => {
    expect(parsePatchPath(`${ENTERPRISE}:manager`).path).toEqual({
      kind: 'attributePath',
      schema: ENTERPRISE,
      attribute: 'manager',
    });
    expect(parsePatchPath(`${ENTERPRISE}:manager.value`).path).toEqual({
      kind: 'attributePath',
      schema: ENTERPRISE,
      attribute: 'manager',
      subAttribute: 'value',
    });
  });

  it('parses value paths with and without a trailing sub-attribute', () => {
    expect(parsePatchPath('emails[type eq "work"].value')).toEqual({
      kind: 'patchPath',
      path: { kind: 'attributePath', attribute: 'emails' },
      valueFilter: {
        kind: 'compare',
        path: { kind: 'attributePath', attribute: 'type' },
        op: 'eq',
        value: 'work',
        position: 8,
      },
      subAttribute: 'value',
    });
    const members = parsePatchPath('members[value eq "a" or value eq "b"]');
    expect(members.subAttribute).toBeUndefined();
    expect(members.valueFilter?.kind).toBe('or');
    expect(parsePatchPath('members[value eq"2819c223...919d-413861904646"]').valueFilter).toMatchObject({
      kind: 'compare',
      value: '2819c223...919d-413861904646',
    });
    expect(parsePatchPath('members[value eq "x"].$ref').subAttribute).toBe('$ref');
  });

  const bad: [string, RegExp][] = [
    ['', /position 1: expected an attribute path, found end of input/],
    ['emails[', /position 8: expected an attribute path/],
    ['emails[]', /position 8: empty value filter/],
    ['emails[type eq "work"', /position 22: expected '\]' to close the '\[' at position 7/],
    ['emails[type eq "work"].', /position 23: unexpected character/],
    ['emails[type eq "work"].value.x', /not a single sub-attribute name/],
    ['emails[type eq "work"] x', /position 24: expected '.subAttribute' or end of path/],
    ['name.givenName[type pr]', /position 15: a value filter must follow an attribute/],
    ['name givenName', /position 6: expected '\[' or end of path/],
    ['a.b.c', /more than one sub-attribute/],
    ['emails[type zz "work"]', /position 13: expected a comparison operator/],
    ['emails[type eq "work"]]', /position 23: expected '.subAttribute' or end of path/],
  ];
  for (const [text, detail] of bad) {
    it(`rejects ${JSON.stringify(text)} with invalidPath`, () => {
      const error = failure(() => parsePatchPath(text));
      expect(error.status).toBe(400);
      expect(error.scimType).toBe('invalidPath');
      expect(error.detail).toMatch(detail);
      expect(error.detail).toContain(`Invalid path ${JSON.stringify(text)}`);
    });
  }
});

describe('parseAttributePath', () => {
  it('parses sortBy values', () => {
    expect(parseAttributePath('name.familyName')).toEqual({
      kind: 'attributePath',
      attribute: 'name',
      subAttribute: 'familyName',
    });
    expect(parseAttributePath(`${ENTERPRISE}:employeeNumber`)).toEqual({
      kind: 'attributePath',
      schema: ENTERPRISE,
      attribute: 'employeeNumber',
    });
  });

  it('rejects anything but one attribute path', () => {
    for (const text of ['', 'userName eq "x"', 'emails[type pr]', '1abc', 'a.b.c', 'name.']) {
      const error = failure(() => parseAttributePath(text));
      expect(error.scimType).toBe('invalidPath');
      expect(error.detail).toMatch(/position \d+/);
    }
  });
});

describe('parsePatchPath: hostile input', () => {
  it('caps nesting inside the value filter', () => {
    const error = failure(() => parsePatchPath(`emails[${'('.repeat(500)}type pr${')'.repeat(500)}]`));
    expect(error.scimType).toBe('invalidPath');
    expect(error.detail).toMatch(/nesting deeper than 50 levels/);
  });

  it('keeps SQL metacharacters as a literal filter value', () => {
    const path = parsePatchPath(`members[value eq "x' OR '1'='1"]`);
    expect(path.valueFilter).toMatchObject({ kind: 'compare', value: "x' OR '1'='1" });
  });

  it('rejects over-long paths', () => {
    expect(failure(() => parsePatchPath(`members[value eq "${'a'.repeat(20_000)}"]`)).detail).toMatch(/longer than/);
  });
});
