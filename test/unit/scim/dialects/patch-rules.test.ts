import { describe, expect, it } from 'vitest';
import type { DialectContext, DialectRuleName } from '../../../../lib/scim/dialects/dialect-rule.js';
import { normalizeOperation, normalizePatchBody } from '../../../../lib/scim/dialects/normalize-patch.js';
import { lowercaseOp, shapePatchMessage, shapePatchOperation } from '../../../../lib/scim/dialects/patch-message-shape.js';
import { nullPathValue, nullsInPathlessValue } from '../../../../lib/scim/dialects/patch-null-values.js';
import { dropFilterOnSingleValued, qualifyExtensionPath } from '../../../../lib/scim/dialects/patch-paths.js';
import { resolvePatchTarget } from '../../../../lib/scim/dialects/patch-target.js';
import { expandRemoveWithValue, filterForElement } from '../../../../lib/scim/dialects/remove-with-value.js';
import { PATCH_OP_SCHEMA } from '../../../../lib/scim/patch/types.js';
import { createSchemaRegistry } from '../../../../lib/scim/schema/registry.js';
import { ENTERPRISE_USER_SCHEMA } from '../../../../lib/scim/schema/urns.js';

const registry = createSchemaRegistry();
const users: DialectContext = { registry, type: 'User' };
const groups: DialectContext = { registry, type: 'Group' };
const MANAGER = `${ENTERPRISE_USER_SCHEMA}:manager`;

const patch = (...Operations: unknown[]) => ({ schemas: [PATCH_OP_SCHEMA], Operations });

describe('patchMessageShape', () => {
  it('brings Operations and schemas to RFC form', () => {
    expect(shapePatchMessage({ operations: [] })).toEqual({ Operations: [], schemas: [PATCH_OP_SCHEMA] });
    expect(shapePatchMessage({ schemas: PATCH_OP_SCHEMA, Operations: [] })).toEqual({ schemas: [PATCH_OP_SCHEMA], Operations: [] });
  });

  it('lower-cases operation members and drops an empty path', () => {
    expect(shapePatchOperation({ Op: 'add', Path: '', Value: { a: 1 } })).toEqual({ op: 'add', value: { a: 1 } });
  });

  it('returns RFC-shaped input as the same reference', () => {
    const body = patch({ op: 'add', path: 'x', value: 1 });
    expect(shapePatchMessage(body)).toBe(body);
    const operation = { op: 'add', path: 'x', value: 1 };
    expect(shapePatchOperation(operation)).toBe(operation);
  });
});

describe('patchOpCase', () => {
  it.each([['Add'], ['REPLACE'], ['Remove']])('lower-cases %s', (op) => {
    expect(lowercaseOp({ op })).toEqual({ op: op.toLowerCase() });
  });

  it('keeps lower-case ops and non-strings as they are', () => {
    const operation = { op: 'add' };
    expect(lowercaseOp(operation)).toBe(operation);
    const odd = { op: 3 };
    expect(lowercaseOp(odd)).toBe(odd);
  });
});

describe('path rules', () => {
  it('qualifies an extension attribute named without its URN (extensionPathWithoutUrn)', () => {
    expect(qualifyExtensionPath(users, 'manager')).toBe(MANAGER);
    expect(qualifyExtensionPath(users, 'department')).toBe(`${ENTERPRISE_USER_SCHEMA}:department`);
    expect(qualifyExtensionPath(users, 'displayName')).toBe('displayName');
    expect(qualifyExtensionPath(users, 'bogus')).toBe('bogus');
    expect(qualifyExtensionPath(users, 'emails[type eq')).toBe('emails[type eq');
  });

  it('drops a value filter on the single-valued manager for remove (managerForms)', () => {
    expect(dropFilterOnSingleValued(users, `${MANAGER}[value eq "m1"]`)).toBe(MANAGER);
    expect(dropFilterOnSingleValued(users, 'emails[type eq "work"]')).toBe('emails[type eq "work"]');
  });

  it('resolves targets: whole attribute, filtered element, filtered sub-attribute', () => {
    expect(resolvePatchTarget(users, 'emails')?.element).toBe(false);
    expect(resolvePatchTarget(users, 'emails[type eq "work"]')?.element).toBe(true);
    expect(resolvePatchTarget(users, 'emails[type eq "work"].primary')?.attribute.type).toBe('boolean');
    expect(resolvePatchTarget(users, 'nope')).toBeUndefined();
  });
});

describe('removeWithValue', () => {
  it('builds a value filter from value, else from the writable scalar sub-attributes', () => {
    const members = resolvePatchTarget(groups, 'members')?.attribute;
    const emails = resolvePatchTarget(users, 'emails')?.attribute;
    if (!members || !emails) throw new Error('targets');
    expect(filterForElement(members, { value: 'u"1', display: 'x' })).toBe('value eq "u\\"1"');
    expect(filterForElement(emails, { type: 'work', primary: true })).toBe('type eq "work" and primary eq true');
    expect(filterForElement(members, { display: 'only readOnly' })).toBeUndefined();
  });

  it("turns Entra's remove-members-with-value into filtered removes of those members only", () => {
    const operation = { op: 'remove', path: 'members', value: [{ value: 'u1' }, { $ref: null, value: 'u2' }] };
    expect(expandRemoveWithValue(operation, 'members', resolvePatchTarget(groups, 'members'))).toEqual([
      { op: 'remove', path: 'members[value eq "u1"]' },
      { op: 'remove', path: 'members[value eq "u2"]' },
    ]);
  });

  it('removes nothing for an empty list and drops a stray value on single-valued targets', () => {
    expect(expandRemoveWithValue({ op: 'remove', path: 'members', value: [] }, 'members', resolvePatchTarget(groups, 'members'))).toEqual([]);
    expect(expandRemoveWithValue({ op: 'remove', path: MANAGER, value: [{ value: 'm1' }] }, MANAGER, resolvePatchTarget(users, MANAGER))).toEqual([
      { op: 'remove', path: MANAGER },
    ]);
  });

  it('leaves a remove without value (RFC 7644 §3.5.2.2 remove all) unchanged', () => {
    const operation = { op: 'remove', path: 'members' };
    expect(expandRemoveWithValue(operation, 'members', resolvePatchTarget(groups, 'members'))[0]).toBe(operation);
  });
});

describe('nullReplaceRemoves', () => {
  it('turns replace-to-null into remove and drops add of null', () => {
    expect(nullPathValue({ op: 'replace', path: 'title', value: null })).toEqual([{ op: 'remove', path: 'title' }]);
    expect(nullPathValue({ op: 'add', path: 'title', value: null })).toEqual([]);
    const kept = { op: 'replace', path: 'title', value: 'x' };
    expect(nullPathValue(kept)[0]).toBe(kept);
  });

  it('splits the nulls of a pathless replace into removes, at top, extension and sub-attribute level', () => {
    const operation = {
      op: 'replace',
      value: { displayName: 'Ada', title: null, name: { givenName: null, familyName: 'L' }, [ENTERPRISE_USER_SCHEMA]: { department: null } },
    };
    expect(nullsInPathlessValue(users, operation)).toEqual([
      { op: 'replace', value: { displayName: 'Ada', name: { familyName: 'L' }, [ENTERPRISE_USER_SCHEMA]: {} } },
      { op: 'remove', path: 'title' },
      { op: 'remove', path: 'name.givenName' },
      { op: 'remove', path: `${ENTERPRISE_USER_SCHEMA}:department` },
    ]);
  });

  it('drops the nulls of a pathless add without removing anything', () => {
    expect(nullsInPathlessValue(users, { op: 'add', value: { title: null } })).toEqual([]);
  });
});

describe('normalizeOperation', () => {
  it('normalises values by what the path names', () => {
    expect(normalizeOperation(users, { op: 'Replace', path: 'active', value: 'False' })).toEqual([{ op: 'replace', path: 'active', value: false }]);
    expect(normalizeOperation(users, { op: 'Add', path: MANAGER, value: 'm1' })).toEqual([{ op: 'add', path: MANAGER, value: { value: 'm1' } }]);
    expect(normalizeOperation(users, { op: 'replace', path: 'manager', value: '' })).toEqual([{ op: 'remove', path: MANAGER }]);
    expect(normalizeOperation(users, { op: 'replace', path: 'emails[type eq "work"].primary', value: 'true' })).toEqual([
      { op: 'replace', path: 'emails[type eq "work"].primary', value: true },
    ]);
    expect(normalizeOperation(groups, { op: 'add', path: 'members', value: 'string id 1' })).toEqual([
      { op: 'add', path: 'members', value: [{ value: 'string id 1' }] },
    ]);
    expect(normalizeOperation(users, { op: 'replace', path: ENTERPRISE_USER_SCHEMA, value: { manager: ['m1'] } })).toEqual([
      { op: 'replace', path: ENTERPRISE_USER_SCHEMA, value: { manager: { value: 'm1' } } },
    ]);
  });

  it('drops password operations and keys (passwordIgnored)', () => {
    expect(normalizeOperation(users, { op: 'replace', path: 'password', value: 'x' })).toEqual([{ op: 'replace', value: {} }]);
    expect(normalizeOperation(users, { op: 'remove', path: 'PASSWORD' })).toEqual([{ op: 'replace', value: {} }]);
    expect(normalizeOperation(users, { op: 'replace', value: { password: 'x', active: 'true' } })).toEqual([{ op: 'replace', value: { active: true } }]);
  });

  it("normalises Okta's pathless group rename and splits filtered keys into their own operations", () => {
    expect(normalizeOperation(groups, { op: 'replace', value: { id: 'g1', displayName: 'Renamed' } })).toEqual([
      { op: 'replace', value: { displayName: 'Renamed' } },
    ]);
    expect(normalizeOperation(users, { op: 'replace', value: { 'emails[type eq "work"].value': 'a@x', 'name.givenName': 'Ada' } })).toEqual([
      { op: 'replace', value: { name: { givenName: 'Ada' } } },
      { op: 'replace', path: 'emails[type eq "work"].value', value: 'a@x' },
    ]);
  });

  it('passes through what it cannot read', () => {
    expect(normalizeOperation(users, 'nonsense')).toEqual(['nonsense']);
    const badPath = { op: 'replace', path: 'emails[', value: 'x' };
    expect(normalizeOperation(users, badPath)).toEqual([badPath]);
  });
});

describe('normalizePatchBody', () => {
  it('records the rules that fired and returns a strict body as the same reference', () => {
    const strict = patch({ op: 'add', path: 'members', value: [{ value: 'u1' }] }, { op: 'remove', path: 'members[value eq "u2"]' });
    const applied = new Set<DialectRuleName>();
    expect(normalizePatchBody(groups, strict, applied)).toBe(strict);
    expect(applied.size).toBe(0);

    const entra = patch({ op: 'Remove', path: 'members', value: [{ value: 'u1' }] });
    expect(normalizePatchBody(groups, entra, applied)).toEqual(patch({ op: 'remove', path: 'members[value eq "u1"]' }));
    expect([...applied].sort()).toEqual(['patchOpCase', 'removeWithValue']);
  });
});
