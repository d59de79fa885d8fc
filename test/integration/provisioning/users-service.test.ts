/**
 * The user write path of the use cases on PostgreSQL: an unchanged replace writes nothing and keeps the version,
 * email rows are rewritten only when the emails change, `user.deactivated` / `user.reactivated` are recorded only on
 * a real flip of `active`, concurrent PATCHes of one user lose nothing (the compare-and-set write repeats, then locks),
 * and a host hook runs in the write's transaction and rolls back with a taken userName.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Knex } from 'knex';
import { testKnex } from '../../support/database.js';
import { memoryLogger } from '../../support/http-host.js';
import { resolveOptions } from '../../../lib/options.js';
import { createProvisioningServices, type ProvisioningServices } from '../../../lib/provisioning/services.js';
import type { ScimRequest } from '../../../lib/provisioning/scim-exchange.js';
import type { WriteHookContext } from '../../../lib/host-hooks.js';
import { ScimError } from '../../../lib/scim/errors.js';
import { TenantsService } from '../../../lib/tenants/tenants-service.js';
import type { Tenant } from '../../../lib/tenants/types.js';

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
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
  tenant = (await tenants.create('user writes')).tenant;
});

const request = (body?: unknown, extra: Partial<ScimRequest> = {}): ScimRequest => ({ tenant, baseUrl: 'https://scim.example/t/v2', query: {}, body, ...extra });
const user = (userName: string, extra: Record<string, unknown> = {}) => ({ schemas: [USER], userName, ...extra });
const changeTypes = async (id: string) => (await knex('scim_changes').where({ tenant_id: tenant.id, resource_id: id }).orderBy('seq').select('type')).map((row) => row.type as string);

async function create(body: unknown): Promise<string> {
  return ((await services.users.create(request(body))).body as { id: string }).id;
}

describe('user writes', () => {
  it('writes nothing for an unchanged replace, and rewrites email rows only when the emails change', async () => {
    const id = await create(user('ada', { emails: [{ value: 'ada@one.example', primary: true }] }));
    const statements: string[] = [];
    const listener = (query: { sql: string }) => statements.push(query.sql);
    knex.on('query', listener);
    const same = await services.users.replace(request({ emails: [{ primary: true, value: 'ada@one.example' }], userName: 'ada', schemas: [USER] }), id);
    expect(same.etag).toBe('W/"1"');
    // The write without a read wrote nothing (the same document), then the read found nothing to change.
    expect(statements).toHaveLength(2);
    expect(await changeTypes(id)).toEqual(['user.created']);
    await services.users.replace(request(user('ada', { title: 'Countess', emails: [{ value: 'ada@one.example', primary: true }] })), id);
    expect(statements.join('\n')).not.toContain('scim_user_emails');
    await services.users.replace(request(user('ada', { emails: [{ value: 'ada@two.example' }] })), id);
    knex.off('query', listener);
    expect(statements.join('\n')).toContain('scim_user_emails');
    expect(await knex('scim_user_emails').where({ tenant_id: tenant.id, user_id: id }).pluck('value_key')).toEqual(['ada@two.example']);
    expect(await changeTypes(id)).toEqual(['user.created', 'user.updated', 'user.updated']);
  });

  it('records a deactivation and a reactivation only when active really flips', async () => {
    const id = await create(user('grace'));
    const setActive = (value: unknown) => services.users.patch(request({ schemas: [PATCH], Operations: [{ op: 'replace', path: 'active', value }] }), id);
    await setActive(false);
    await setActive(false);
    await services.users.replace(request(user('grace', { active: false, title: 'Admiral' })), id);
    await setActive(true);
    expect(await changeTypes(id)).toEqual(['user.created', 'user.updated', 'user.deactivated', 'user.updated', 'user.updated', 'user.reactivated']);
  });

  it('loses no change when PATCHes of one user run concurrently', async () => {
    const id = await create(user('linus'));
    const values = Array.from({ length: 12 }, (_, i) => `linus${i}@x.example`);
    await Promise.all(values.map((value) => services.users.patch(request({ schemas: [PATCH], Operations: [{ op: 'add', path: 'emails', value: [{ value }] }] }), id)));
    const read = await services.users.get(request(), id);
    const body = read.body as { emails: { value: string }[]; meta: { version: string } };
    expect(body.emails.map((email) => email.value).sort()).toEqual([...values].sort());
    expect(body.meta.version).toBe(`W/"${values.length + 1}"`);
    expect((await knex('scim_user_emails').where({ tenant_id: tenant.id, user_id: id }).pluck('value_key')).sort()).toEqual([...values].sort());
  });

  it('runs a host hook in the write transaction and rolls its writes back with a taken userName', async () => {
    const hooked = createProvisioningServices(
      resolveOptions({
        knex,
        logger: memoryLogger(),
        hooks: {
          beforeUserWrite: async ({ db, resource, tenantId, id }: WriteHookContext) => {
            await db('scim_changes').insert({ tenant_id: tenantId, type: 'user.updated', resource_type: 'User', resource_id: id, data: JSON.stringify({ by: 'hook' }) });
            return { ...resource, title: 'Hooked' };
          },
        },
      }),
      tenants,
    );
    const id = ((await hooked.users.create(request(user('hooked')))).body as { id: string; title: string }).id;
    expect(((await hooked.users.get(request(), id)).body as { title: string }).title).toBe('Hooked');
    const error = await hooked.users.create(request(user('HOOKED'))).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ScimError);
    expect((error as ScimError).status).toBe(409);
    expect(await knex('scim_changes').where({ tenant_id: tenant.id }).whereRaw("data->>'by' = 'hook'").count({ n: '*' })).toEqual([{ n: '1' }]);
    const patched = await hooked.users.patch(request({ schemas: [PATCH], Operations: [{ op: 'replace', path: 'displayName', value: 'H' }] }), id);
    expect(patched.body).toMatchObject({ displayName: 'H', title: 'Hooked', meta: { version: 'W/"2"' } });
  });
});
