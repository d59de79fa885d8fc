import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Knex } from 'knex';
import { testKnex } from '../../support/database.js';
import { memoryLogger } from '../../support/http-host.js';
import { resolveOptions } from '../../../lib/options.js';
import { TenantsService } from '../../../lib/tenants/tenants-service.js';
import type { Tenant } from '../../../lib/tenants/types.js';
import { createProvisioningServices, type ProvisioningServices } from '../../../lib/provisioning/services.js';
import type { ScimRequest } from '../../../lib/provisioning/scim-exchange.js';
import { ScimError } from '../../../lib/scim/errors.js';

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';
const PATCH = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

let knex: Knex;
let tenants: TenantsService;
let services: ProvisioningServices;
let tenant: Tenant;

beforeAll(() => {
  knex = testKnex({ max: 20 });
  tenants = new TenantsService(knex);
  services = createProvisioningServices(resolveOptions({ knex, logger: memoryLogger() }), tenants);
});
afterAll(async () => {
  await tenants.close();
  await knex.destroy();
});
beforeEach(async () => {
  tenant = (await tenants.create('provisioning')).tenant;
});

function request(body?: unknown, query: Record<string, string> = {}): ScimRequest {
  return { tenant, baseUrl: 'https://scim.example/t/v2', query, body };
}

const patchBody = (operations: unknown[]) => ({ schemas: [PATCH], Operations: operations });

async function createUsers(count: number): Promise<string[]> {
  const ids: string[] = [];
  // Inserted directly: the point here is the group side, and 1 500 POSTs would only slow the test down.
  const rows = Array.from({ length: count }, (_, i) => ({
    tenant_id: tenant.id,
    id: crypto.randomUUID(),
    user_name: `bulk${i}-${crypto.randomUUID()}`,
    user_name_key: `bulk${i}-${crypto.randomUUID()}`,
    doc: JSON.stringify({ schemas: [USER], userName: `bulk${i}` }),
  }));
  for (let i = 0; i < rows.length; i += 1000) await knex('scim_users').insert(rows.slice(i, i + 1000));
  ids.push(...rows.map((row) => row.id));
  return ids;
}

async function createGroup(displayName: string): Promise<string> {
  const response = await services.groups.create(request({ schemas: [GROUP], displayName }));
  return (response.body as { id: string }).id;
}

async function changeCount(type: string, resourceId: string): Promise<number> {
  const [row] = await knex('scim_changes').where({ tenant_id: tenant.id, type, resource_id: resourceId }).count<{ count: string }[]>({ count: '*' });
  return Number(row?.count);
}

async function memberCount(groupId: string): Promise<number> {
  const [row] = await knex('scim_memberships').where({ tenant_id: tenant.id, group_id: groupId }).count<{ count: string }[]>({ count: '*' });
  return Number(row?.count);
}

describe('group membership use cases', () => {
  it('adds 1 500 members in one PATCH with a change row per member, and removes them all', async () => {
    const ids = await createUsers(1500);
    const group = await createGroup('large');
    const statements: string[] = [];
    const listener = (query: { sql: string }) => statements.push(query.sql);
    knex.on('query', listener);
    try {
      const response = await services.groups.patch(request(patchBody([{ op: 'add', path: 'members', value: ids.map((value) => ({ value })) }])), group);
      expect(response.status).toBe(204);
    } finally {
      knex.removeListener('query', listener);
    }
    // Batched: a handful of statements, not one per member.
    expect(statements.length).toBeLessThan(20);
    expect(await memberCount(group)).toBe(1500);
    expect(await changeCount('group.member_added', group)).toBe(1500);
    const cleared = await services.groups.patch(request(patchBody([{ op: 'remove', path: 'members' }])), group);
    expect(cleared.status).toBe(204);
    expect(await memberCount(group)).toBe(0);
    expect(await changeCount('group.member_removed', group)).toBe(1500);
  });

  it('loses no member when PATCHes of one group run concurrently', async () => {
    const ids = await createUsers(30);
    const group = await createGroup('concurrent');
    await Promise.all(ids.map((value) => services.groups.patch(request(patchBody([{ op: 'add', path: 'members', value: [{ value }] }])), group)));
    expect(await memberCount(group)).toBe(30);
    const read = await services.groups.get(request(), group);
    expect((read.body as { meta: { version: string } }).meta.version).toBe('W/"31"');
  });

  it('lets only one of two concurrent changes that would together form a cycle succeed', async () => {
    const [a, b] = [await createGroup('A'), await createGroup('B')];
    const results = await Promise.allSettled([
      services.groups.patch(request(patchBody([{ op: 'add', path: 'members', value: [{ value: b }] }])), a),
      services.groups.patch(request(patchBody([{ op: 'add', path: 'members', value: [{ value: a }] }])), b),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const rejected = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(rejected.reason).toBeInstanceOf(ScimError);
    expect(rejected.reason).toMatchObject({ status: 400, scimType: 'invalidValue' });
    expect((await memberCount(a)) + (await memberCount(b))).toBe(1);
  });

  it('writes neither the change nor its feed rows when an operation fails', async () => {
    const [member] = await createUsers(1);
    const group = await createGroup('fails');
    const before = await knex('scim_changes').where({ tenant_id: tenant.id }).count<{ count: string }[]>({ count: '*' });
    await expect(
      services.groups.patch(
        request(patchBody([
          { op: 'add', path: 'members', value: [{ value: member }] },
          { op: 'replace', path: 'displayName', value: 'renamed' },
          { op: 'remove', path: 'externalId[' },
        ])),
        group,
      ),
    ).rejects.toMatchObject({ status: 400, scimType: 'invalidPath' });
    expect(await memberCount(group)).toBe(0);
    const after = await knex('scim_changes').where({ tenant_id: tenant.id }).count<{ count: string }[]>({ count: '*' });
    expect(after).toEqual(before);
  });

  it('removes members matched by a filter other than ids (members[type eq "Group"])', async () => {
    const [user] = await createUsers(1);
    const child = await createGroup('child');
    const group = await createGroup('mixed');
    await services.groups.patch(request(patchBody([{ op: 'add', path: 'members', value: [{ value: user }, { value: child }] }])), group);
    await services.groups.patch(request(patchBody([{ op: 'remove', path: 'members[type eq "Group"]' }])), group);
    const rows = await knex('scim_memberships').where({ tenant_id: tenant.id, group_id: group }).select('member_id');
    expect(rows.map((row: { member_id: string }) => row.member_id)).toEqual([user]);
  });
});

describe('deleting a member while it is being added', () => {
  it('never leaves a membership of a deleted user', async () => {
    for (let round = 0; round < 5; round++) {
      const [member] = await createUsers(1).then((ids) => ids.map((id) => id));
      const group = await createGroup(`race ${round}`);
      await Promise.allSettled([
        services.groups.patch(request(patchBody([{ op: 'add', path: 'members', value: [{ value: member }] }])), group),
        services.users.delete(request(), member!),
      ]);
      const dangling = await knex('scim_memberships as m')
        .leftJoin('scim_users as u', (j) => j.on('u.tenant_id', '=', 'm.tenant_id').andOn('u.id', '=', 'm.member_id'))
        .where('m.tenant_id', tenant.id)
        .whereNull('u.id');
      expect(dangling).toEqual([]);
      await knex('scim_users').where({ tenant_id: tenant.id }).delete();
    }
  });
});
