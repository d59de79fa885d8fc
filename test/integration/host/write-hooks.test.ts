import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WriteHookContext } from '../../../lib/host-hooks.js';
import { startTestHost, type TestHost } from '../../support/http-host.js';
import { GROUP_SCHEMA, ProvisioningClient, USER_SCHEMA } from './provisioning-client.js';

const AUDIT = 'host_audit_hooks';
const calls: { type: string; operation: string; previousActive?: unknown; activeNow?: unknown }[] = [];

let host: TestHost;
let tenantId: string;
let idp: ProvisioningClient;

/** The host's policy: only @example.com addresses; display names get a suffix; each write is audited in the same transaction. */
async function beforeUserWrite(context: WriteHookContext): Promise<Record<string, unknown> | undefined> {
  calls.push({ type: 'User', operation: context.operation, previousActive: context.previous?.active, activeNow: context.resource.active });
  const emails = Array.isArray(context.resource.emails) ? (context.resource.emails as { value?: string }[]) : [];
  const foreign = emails.find((email) => !String(email.value).toLowerCase().endsWith('@example.com'));
  if (foreign) context.reject(`E-mail domain of ${String(foreign.value)} is not allowed for this application.`);
  await context.db(AUDIT).insert({ tenant_id: context.tenantId, user_id: context.id, operation: context.operation });
  if (context.resource.userName === 'breaks-the-schema') return { ...context.resource, userName: 42 };
  if (context.resource.userName === 'throws') throw new Error('host bug');
  if (typeof context.resource.displayName === 'string') return { ...context.resource, displayName: `${context.resource.displayName} (provisioned)` };
  return undefined;
}

beforeAll(async () => {
  host = await startTestHost({
    hooks: {
      beforeUserWrite,
      beforeGroupWrite: (context) => {
        calls.push({ type: 'Group', operation: context.operation });
        if (String(context.resource.displayName).startsWith('tmp-')) context.reject('Temporary groups are not synchronised.');
      },
    },
  });
  await host.knex.schema.dropTableIfExists(AUDIT);
  await host.knex.schema.createTable(AUDIT, (table) => {
    table.text('tenant_id').notNullable();
    table.uuid('user_id').notNullable();
    table.text('operation').notNullable();
  });
  const tenant = await host.createTenant('Hooks');
  tenantId = tenant.tenantId;
  idp = new ProvisioningClient(tenant.baseUrl, tenant.token);
});
afterAll(async () => {
  await host.knex.schema.dropTableIfExists(AUDIT);
  await host.close();
});

const audit = async (userId: string) => (await host.knex(AUDIT).where({ user_id: userId }).orderBy('operation')).map((row) => row.operation);

describe('beforeUserWrite', () => {
  it('rejects a create with the host message as a SCIM 400 invalidValue, and stores nothing', async () => {
    const response = await idp.call('/Users', { body: { schemas: [USER_SCHEMA], userName: 'mallory', emails: [{ value: 'mallory@evil.test' }] } });
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toMatch(/^application\/scim\+json/);
    expect(response.body).toEqual({
      schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'],
      status: '400',
      scimType: 'invalidValue',
      detail: 'E-mail domain of mallory@evil.test is not allowed for this application.',
    });
    expect(await host.directory.directory.users.findByUserName(tenantId, 'mallory')).toBeUndefined();
  });

  it('adjusts the resource, runs in the write transaction, and is told the id', async () => {
    const id = await idp.createUser('ada', { displayName: 'Ada' });
    expect((await idp.call(`/Users/${id}`)).body.displayName).toBe('Ada (provisioned)');
    expect(await audit(id)).toEqual(['create']);
  });

  it('is rolled back with the write when the write fails after it (409 on a taken userName)', async () => {
    const before = await host.knex(AUDIT).count<{ count: string }[]>({ count: '*' });
    const conflict = await idp.call('/Users', { body: { schemas: [USER_SCHEMA], userName: 'ADA', emails: [{ value: 'ada2@example.com' }] } });
    expect(conflict.status).toBe(409);
    expect(await host.knex(AUDIT).count<{ count: string }[]>({ count: '*' })).toEqual(before);
  });

  it('sees updates with the stored document, and may reject them leaving the user unchanged', async () => {
    const id = await idp.createUser('grace');
    calls.length = 0;
    await idp.setActive(id, false);
    expect(calls).toEqual([{ type: 'User', operation: 'update', previousActive: undefined, activeNow: false }]);
    const refused = await idp.call(`/Users/${id}`, {
      method: 'PATCH',
      body: { schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'], Operations: [{ op: 'add', path: 'emails', value: [{ value: 'g@elsewhere.test' }] }] },
    });
    expect(refused.status).toBe(400);
    expect(refused.body.detail).toContain('g@elsewhere.test');
    const stored = (await idp.call(`/Users/${id}`)).body;
    expect(stored.emails).toEqual([{ value: 'grace@example.com', type: 'work', primary: true }]);
    expect(stored.meta.version).toBe('W/"2"');
    expect(await audit(id)).toEqual(['create', 'update']);
  });

  it('is not called for a write that changes nothing', async () => {
    const id = await idp.createUser('quiet');
    calls.length = 0;
    await idp.patch(`/Users/${id}`, [{ op: 'replace', path: 'userName', value: 'quiet' }]);
    expect(calls).toEqual([]);
  });

  it('has an adjusted resource validated again, and a hook failure is a 500 that writes nothing', async () => {
    const invalid = await idp.call('/Users', { body: { schemas: [USER_SCHEMA], userName: 'breaks-the-schema' } });
    expect(invalid.status).toBe(400);
    expect(invalid.body.detail).toMatch(/userName/);
    const crashed = await idp.call('/Users', { body: { schemas: [USER_SCHEMA], userName: 'throws' } });
    expect(crashed.status).toBe(500);
    expect(await host.directory.directory.users.findByUserName(tenantId, 'throws')).toBeUndefined();
    expect(crashed.body.detail).not.toContain('host bug');
    // The hook audited before it threw; that row went with the rolled-back write.
    const orphans = await host.knex(`${AUDIT} as a`).whereNotExists((q) => q.select(host.knex.raw('1')).from('scim_users as u').whereRaw('u.id = a.user_id'));
    expect(orphans).toEqual([]);
  });
});

describe('beforeGroupWrite', () => {
  it('rejects a group by name on create and on rename, and lets others through', async () => {
    const refused = await idp.call('/Groups', { body: { schemas: [GROUP_SCHEMA], displayName: 'tmp-build' } });
    expect(refused.status).toBe(400);
    expect(refused.body.detail).toBe('Temporary groups are not synchronised.');
    const id = await idp.createGroup('Builders');
    const rename = await idp.call(`/Groups/${id}`, { method: 'PUT', body: { schemas: [GROUP_SCHEMA], displayName: 'tmp-renamed' } });
    expect(rename.status).toBe(400);
    expect((await host.directory.directory.groups.get(tenantId, id))?.displayName).toBe('Builders');
  });

  it('is not asked about member-only changes', async () => {
    const group = await idp.createGroup('Members only');
    const user = await idp.createUser('member');
    calls.length = 0;
    await idp.addMembers(group, [user]);
    expect(calls).toEqual([]);
    expect(await host.directory.directory.groups.hasMember(tenantId, group, user)).toBe(true);
  });
});

describe('hooks option', () => {
  it('names a bad hook', async () => {
    const { createScimDirectory } = await import('../../../lib/directory.js');
    expect(() => createScimDirectory({ knex: host.knex, hooks: { beforeUserWrite: 'no' as never } })).toThrow(/hooks\.beforeUserWrite/);
    expect(() => createScimDirectory({ knex: host.knex, hooks: { afterUserWrite: () => undefined } as never })).toThrow(/hooks\.afterUserWrite/);
  });
});
