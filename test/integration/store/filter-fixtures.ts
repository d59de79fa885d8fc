/**
 * Fixture directory for the filter and sort integration tests: a tenant of its own with a handful of users and
 * groups written the way the store writes them (canonical `doc`, extracted key columns lower-cased in JavaScript,
 * email mirror rows, memberships), plus a registry with a test extension holding integer, decimal, dateTime,
 * boolean, case-exact and multi-valued attributes that the core schemas do not have.
 */
import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import { attribute } from '../../../lib/scim/schema/attribute-builder.js';
import { enterpriseUserSchema } from '../../../lib/scim/schema/enterprise-user-schema.js';
import { groupSchema } from '../../../lib/scim/schema/group-schema.js';
import { createSchemaRegistry } from '../../../lib/scim/schema/registry.js';
import type { SchemaRegistry } from '../../../lib/scim/schema/registry-types.js';
import { groupResourceType, userResourceType } from '../../../lib/scim/schema/resource-types.js';
import type { SchemaDefinition } from '../../../lib/scim/schema/types.js';
import { ENTERPRISE_USER_SCHEMA } from '../../../lib/scim/schema/urns.js';
import { userSchema } from '../../../lib/scim/schema/user-schema.js';

/** URN of the test extension. */
export const TEST_EXTENSION = 'urn:example:params:scim:schemas:extension:test:2.0:User';

const testExtension: SchemaDefinition = {
  id: TEST_EXTENSION,
  name: 'Test',
  description: 'Attribute types the core schemas lack',
  attributes: [
    attribute('level', 'integer', 'An integer.'),
    attribute('score', 'decimal', 'A decimal.'),
    attribute('hiredAt', 'dateTime', 'A dateTime.'),
    attribute('contractor', 'boolean', 'A boolean.'),
    attribute('code', 'string', 'A case-exact string.', { caseExact: true }),
    attribute('tags', 'string', 'A multi-valued string.', { multiValued: true }),
    attribute('badges', 'complex', 'A multi-valued complex attribute without a value.', {
      multiValued: true,
      subAttributes: [attribute('label', 'string', 'A label.'), attribute('rank', 'integer', 'A rank.')],
    }),
  ],
};

/** Core User + Enterprise User + the test extension, and Group. */
export function testRegistry(): SchemaRegistry {
  return createSchemaRegistry({
    schemas: [userSchema, enterpriseUserSchema, testExtension, groupSchema],
    resourceTypes: [
      { ...userResourceType, schemaExtensions: [...userResourceType.schemaExtensions, { schema: TEST_EXTENSION, required: false }] },
      groupResourceType,
    ],
  });
}

/** A tenant id of 12 lower-case alphanumerics, unique enough that tests never collide. */
export function randomTenantId(): string {
  return randomUUID().replaceAll('-', '').slice(0, 12);
}

interface UserSpec {
  readonly key: string;
  readonly doc: Record<string, unknown>;
  readonly created: string;
  readonly lastModified: string;
}

const USERS: readonly UserSpec[] = [
  {
    key: 'ada',
    created: '2024-01-01T00:00:00Z',
    lastModified: '2024-06-01T10:00:00.123456Z',
    doc: {
      userName: 'Ada@Example.com',
      externalId: 'EXT-1',
      active: true,
      displayName: 'Ada Lovelace',
      name: { givenName: 'Ada', familyName: 'Lovelace', formatted: 'Ada Lovelace' },
      title: 'Countess',
      nickName: '50% off_under\\back',
      emails: [
        { value: 'Ada@Example.com', type: 'work', primary: true },
        { value: 'ada@home.org', type: 'home', display: 'Ada at home' },
      ],
      addresses: [{ locality: 'London', country: 'GB', type: 'home' }],
      [ENTERPRISE_USER_SCHEMA]: { employeeNumber: '701', department: 'R&D', manager: { value: 'MGR-1', displayName: 'Babbage' } },
      [TEST_EXTENSION]: { level: 3, score: 4.5, hiredAt: '2020-05-01T00:00:00Z', contractor: false, code: 'AbC', tags: ['alpha', 'Beta'], badges: [{ label: 'gold', rank: 1 }] },
    },
  },
  {
    key: 'bob',
    created: '2024-03-01T00:00:00Z',
    lastModified: '2024-03-02T00:00:00Z',
    doc: {
      userName: 'bob',
      externalId: 'ext-1',
      active: false,
      displayName: 'Bob',
      name: { familyName: 'Builder' },
      title: '',
      nickName: "O'Brien",
      emails: [{ value: 'BOB@work.com', type: 'Work' }],
      [ENTERPRISE_USER_SCHEMA]: { department: 'Ops' },
      [TEST_EXTENSION]: { level: 10, score: -1, hiredAt: '2023-01-01T12:00:00+02:00', contractor: true, code: 'abc', tags: [] },
    },
  },
  {
    key: 'cy',
    created: '2024-05-01T00:00:00Z',
    lastModified: '2024-05-01T00:00:00Z',
    doc: {
      userName: 'cy',
      active: true,
      title: null,
      nickName: "'; drop table scim_users; --",
      name: { givenName: '' },
      // Stored with wrong shapes on purpose: a filter must not match them, and must never fail on them.
      emails: { value: 'not-an-array@example.com' },
      [TEST_EXTENSION]: { level: '7', score: 'x', hiredAt: '2024-02-30T00:00:00Z', contractor: 'true', tags: 'alpha', badges: [{}] },
    },
  },
];

/** The fixture directory: ids by key, and a helper that runs a where clause and returns the matching keys. */
export interface FilterFixture {
  readonly tenantId: string;
  readonly userIds: Readonly<Record<string, string>>;
  readonly groupIds: Readonly<Record<string, string>>;
  /** Keys of the tenant's users (or groups) for which `where` holds, sorted. */
  keys(type: 'User' | 'Group', where: (query: Knex.QueryBuilder) => Knex.QueryBuilder): Promise<string[]>;
  /** Keys of the tenant's users (or groups) in the order `order` puts them. */
  ordered(type: 'User' | 'Group', order: (query: Knex.QueryBuilder) => Knex.QueryBuilder): Promise<string[]>;
}

function text(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

/** Writes the fixture tenant, users (ada, bob, cy), groups (admins, ops, empty) and memberships. */
export async function createFilterFixture(knex: Knex): Promise<FilterFixture> {
  const tenantId = randomTenantId();
  await knex('scim_tenants').insert({ tenant_id: tenantId, name: `filter fixture ${tenantId}` });
  const userIds: Record<string, string> = {};
  for (const user of USERS) {
    const id = randomUUID();
    userIds[user.key] = id;
    const doc = user.doc;
    const name = (doc.name ?? {}) as Record<string, unknown>;
    const userName = String(doc.userName);
    await knex('scim_users').insert({
      tenant_id: tenantId,
      id,
      user_name: userName,
      user_name_key: userName.toLowerCase(),
      external_id: text(doc.externalId),
      active: doc.active !== false,
      display_name: text(doc.displayName),
      given_name: text(name.givenName),
      family_name: text(name.familyName),
      doc: JSON.stringify(doc),
      created_at: user.created,
      last_modified: user.lastModified,
    });
    const emails = Array.isArray(doc.emails) ? (doc.emails as Record<string, unknown>[]) : [];
    const rows = emails.map((email, position) => ({
      tenant_id: tenantId,
      user_id: id,
      position,
      value_key: String(email.value).toLowerCase(),
      type_key: text(email.type)?.toLowerCase() ?? null,
      is_primary: email.primary === true,
    }));
    if (rows.length > 0) await knex('scim_user_emails').insert(rows);
  }
  const groupIds: Record<string, string> = { admins: randomUUID(), ops: randomUUID(), empty: randomUUID() };
  const groupNames: Record<string, string> = { admins: 'Admins', ops: 'Ops Team', empty: 'Empty_%' };
  for (const [key, id] of Object.entries(groupIds)) {
    const displayName = groupNames[key] ?? key;
    await knex('scim_groups').insert({
      tenant_id: tenantId,
      id,
      display_name: displayName,
      display_name_key: displayName.toLowerCase(),
      external_id: key === 'admins' ? 'G-ADM' : null,
      doc: JSON.stringify({ displayName }),
    });
  }
  const member = (group: string, memberId: string | undefined, type: 'User' | 'Group') => ({
    tenant_id: tenantId,
    group_id: groupIds[group],
    member_id: memberId,
    member_type: type,
  });
  await knex('scim_memberships').insert([
    member('admins', userIds.ada, 'User'),
    member('admins', userIds.bob, 'User'),
    member('ops', userIds.bob, 'User'),
    member('ops', groupIds.admins, 'Group'),
  ]);

  const keyOf = (type: 'User' | 'Group', id: string): string => {
    const ids = type === 'User' ? userIds : groupIds;
    return Object.keys(ids).find((key) => ids[key] === id) ?? id;
  };
  const base = (type: 'User' | 'Group') =>
    knex(type === 'User' ? 'scim_users as r' : 'scim_groups as r').where('r.tenant_id', tenantId).select('r.id');
  return {
    tenantId,
    userIds,
    groupIds,
    async keys(type, where) {
      const rows: { id: string }[] = await base(type).andWhere((inner) => {
        where(inner);
      });
      return rows.map((row) => keyOf(type, row.id)).sort();
    },
    async ordered(type, order) {
      const rows: { id: string }[] = await order(base(type));
      return rows.map((row) => keyOf(type, row.id));
    },
  };
}
