/**
 * A registry owns everything it derives from the schema definitions: its indexed copies of the attribute lists,
 * the top-level lists and the memo of resolutions. Two registries (two directories) share none of it, and none
 * of it is reachable from the definitions' modules.
 */
import { describe, expect, it } from 'vitest';
import { createSchemaRegistry, findAttribute } from '../../../../lib/scim/schema/registry.js';
import type { SchemaRegistry } from '../../../../lib/scim/schema/registry-types.js';
import type { AttributeDefinition } from '../../../../lib/scim/schema/types.js';
import { userSchema } from '../../../../lib/scim/schema/user-schema.js';
import { USER_SCHEMA } from '../../../../lib/scim/schema/urns.js';

/** Every attribute list reachable from a registry: schemas' lists, sub-attribute lists, top-level lists. */
function listsOf(registry: SchemaRegistry): readonly (readonly AttributeDefinition[])[] {
  const lists: (readonly AttributeDefinition[])[] = [registry.coreAttributes('User'), registry.coreAttributes('Group')];
  const walk = (list: readonly AttributeDefinition[]): void => {
    lists.push(list);
    for (const attribute of list) if (attribute.subAttributes) walk(attribute.subAttributes);
  };
  for (const schema of registry.schemas) walk(schema.attributes);
  return lists;
}

describe('schema registries', () => {
  const a = createSchemaRegistry();
  const b = createSchemaRegistry();

  it('share no schema, attribute list or attribute definition', () => {
    const listsOfA = new Set(listsOf(a));
    expect(listsOf(b).filter((list) => listsOfA.has(list))).toEqual([]);
    const attributesOfA = new Set([...listsOfA].flat());
    expect(listsOf(b).flat().filter((attribute) => attributesOfA.has(attribute))).toEqual([]);
    expect(b.schemas.filter((schema) => a.schemas.includes(schema))).toEqual([]);
  });

  it('hand out copies of the module definitions, not the definitions themselves', () => {
    const own = a.schema(USER_SCHEMA);
    expect(own).toEqual(userSchema);
    expect(own).not.toBe(userSchema);
    expect(own?.attributes).not.toBe(userSchema.attributes);
  });

  it('resolve to their own definitions, each answer remembered by its own registry only', () => {
    const path = { kind: 'attributePath', attribute: 'EMAILS', subAttribute: 'Value' } as const;
    const fromA = a.resolve('User', path);
    const fromB = b.resolve('User', path);
    expect(fromA?.target.name).toBe('value');
    expect(fromB).toEqual(fromA);
    expect(fromB).not.toBe(fromA);
    expect(fromB?.attribute).not.toBe(fromA?.attribute);
    expect(a.resolve('User', path)).toBe(fromA);
  });

  it('keep their lists frozen, so nothing derived can be changed from outside', () => {
    for (const list of listsOf(a)) expect(Object.isFrozen(list)).toBe(true);
    for (const attribute of listsOf(a).flat()) expect(Object.isFrozen(attribute)).toBe(true);
  });

  it('find attributes in their own lists and in any other list alike, ignoring case', () => {
    const list = a.coreAttributes('User');
    expect(findAttribute(list, 'USERNAME')).toBe(list.find((attribute) => attribute.name === 'userName'));
    const plain = [...list];
    expect(findAttribute(plain, 'USERNAME')).toBe(findAttribute(list, 'userName'));
    expect(findAttribute(plain, 'noSuchAttribute')).toBeUndefined();
  });
});
