/**
 * Text PostgreSQL cannot store (NUL, lone UTF-16 surrogates) is a 400 invalidValue naming the attribute: in
 * documents (create, replace, PATCH result), in PATCH values and in filter values.
 */
import { describe, expect, it } from 'vitest';
import { ScimError } from '../../../../lib/scim/errors.js';
import { parseFilter } from '../../../../lib/scim/filter/parser.js';
import { applyPatch } from '../../../../lib/scim/patch/apply-patch.js';
import { parsePatchPath } from '../../../../lib/scim/path/patch-path.js';
import { createSchemaRegistry } from '../../../../lib/scim/schema/registry.js';
import { createResourceValidator } from '../../../../lib/scim/schema/resource-validator.js';
import { hasUnstorableText } from '../../../../lib/scim/schema/storable-text.js';

const registry = createSchemaRegistry();
const validator = createResourceValidator(registry);
const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
// Parsed from JSON escapes, as a request body carries them.
const BAD = JSON.parse('["\\ud800", "a\\udc00", "x\\u0000y", "\\udfff\\ud800"]') as string[];
const GOOD = JSON.parse('["\\ud83d\\ude00", "plain", "\\u00e9", ""]') as string[];

function errorOf(run: () => unknown): ScimError {
  try {
    run();
  } catch (error) {
    if (error instanceof ScimError) return error;
    throw error;
  }
  throw new Error('expected a ScimError');
}

describe('hasUnstorableText', () => {
  it.each(BAD)('finds %j', (text) => expect(hasUnstorableText(text)).toBe(true));
  it.each(GOOD)('passes %j', (text) => expect(hasUnstorableText(text)).toBe(false));
});

describe('documents', () => {
  it.each([
    [{ nickName: BAD[0] }, 'nickName'],
    [{ name: { givenName: BAD[2] } }, 'name.givenName'],
    [{ emails: [{ value: 'a@example.com' }, { value: 'b@example.com', display: BAD[1] }] }, 'emails[1].display'],
    [{ [ENTERPRISE]: { manager: { value: BAD[3] } } }, `${ENTERPRISE}:manager.value`],
  ])('refuses %j naming %s', (attributes, path) => {
    for (const context of ['create', 'replace'] as const) {
      const error = errorOf(() => validator.validate('User', context, { schemas: [USER, ENTERPRISE], userName: 'ada', ...attributes }));
      expect(error).toMatchObject({ status: 400, scimType: 'invalidValue' });
      expect(error.detail).toBe(`Attribute '${path}' contains a character that cannot be stored (a NUL character or a lone UTF-16 surrogate)`);
    }
  });

  it('takes well-formed text, emoji included', () => {
    expect(validator.validate('User', 'create', { schemas: [USER], userName: 'ada', nickName: GOOD[0] })).toMatchObject({ nickName: GOOD[0] });
  });
});

describe('PATCH values', () => {
  it('names the operation and the attribute', () => {
    const error = errorOf(() =>
      applyPatch(registry, 'User', { schemas: [USER], userName: 'ada' }, [
        { op: 'add', path: 'nickName', value: 'ok' },
        { op: 'add', path: 'emails', value: [{ value: BAD[0] }] },
      ]),
    );
    expect(error).toMatchObject({ status: 400, scimType: 'invalidValue' });
    expect(error.detail).toMatch(/^Operations\[1\] \(path "emails"\): 'emails\[0\]\.value' contains a character that cannot be stored/);
  });
});

describe('filter values', () => {
  it('is invalidValue naming the attribute and the position', () => {
    const error = errorOf(() => parseFilter(`title pr and userName eq ${JSON.stringify('x')}`.replace('"x"', '"\\ud800"')));
    expect(error).toMatchObject({ status: 400, scimType: 'invalidValue' });
    expect(error.detail).toMatch(/^Filter error at position 14: the value compared with "userName" contains a character that cannot be stored/);
  });

  it('is the same in a PATCH path value filter', () => {
    const error = errorOf(() => parsePatchPath('emails[value eq "\\u0000"].type'));
    expect(error).toMatchObject({ status: 400, scimType: 'invalidValue', detail: expect.stringContaining('"value"') });
  });
});
