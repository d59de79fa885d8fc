/**
 * What the deprovisioning guard costs a deactivation and a deletion, counted in SQL statements over HTTP: nothing
 * with the guard off (the default), one small statement with it on; and an active user's ordinary update costs
 * nothing either way.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scimFetch, startTestHost, type TestHost } from '../../support/http-host.js';

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const PATCH = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
const BACKGROUND = /scim_event_log|scim_credentials|scim_request_counts|pg_notify/;

let host: TestHost;
const statements: string[] = [];
const onQuery = (query: { sql?: string }) => {
  const sql = String(query.sql ?? '');
  if (!BACKGROUND.test(sql)) statements.push(sql);
};

beforeAll(async () => {
  host = await startTestHost({ verificationCacheMs: 600_000, events: { notify: false } });
  host.knex.on('query', onQuery);
});
afterAll(async () => {
  host?.knex.off('query', onQuery);
  await host?.close();
});

/** The statements of each step on a fresh tenant with the guard `on` or off. */
async function costs(on: boolean) {
  const t = await host.createTenant(`Guard ${on ? 'on' : 'off'}`);
  if (on) await host.directory.tenants.updateSettings(t.tenantId, { deprovisioningGuard: true });
  const ids: string[] = [];
  for (const name of ['a', 'b']) ids.push((await scimFetch(`${t.baseUrl}/Users`, t.token, { body: { schemas: [USER], userName: `${name}@cost.example`, active: true } })).body.id);
  const counted = async (path: string, init: Parameters<typeof scimFetch>[2]) => {
    await scimFetch(`${t.baseUrl}/ServiceProviderConfig`, t.token);
    statements.length = 0;
    const response = await scimFetch(`${t.baseUrl}${path}`, t.token, init);
    expect(response.status).toBeLessThan(300);
    return [...statements];
  };
  const update = await counted(`/Users/${ids[0]}`, { method: 'PATCH', body: { schemas: [PATCH], Operations: [{ op: 'replace', path: 'displayName', value: 'A' }] } });
  const deactivation = await counted(`/Users/${ids[0]}`, { method: 'PATCH', body: { schemas: [PATCH], Operations: [{ op: 'replace', path: 'active', value: false }] } });
  const deletion = await counted(`/Users/${ids[1]}`, { method: 'DELETE' });
  return { update, deactivation, deletion };
}

describe('the deprovisioning guard on the hot path', () => {
  it('costs a deactivation or deletion no statement when off and one small statement when on', async () => {
    const off = await costs(false);
    const on = await costs(true);
    expect(off.update).toHaveLength(2);
    expect(on.update).toHaveLength(2);
    expect(off.deactivation).toHaveLength(2);
    expect(off.deactivation.some((sql) => sql.includes('scim_deprovisions'))).toBe(false);
    expect(on.deactivation).toHaveLength(3);
    expect(on.deactivation[1]).toMatch(/from scim_deprovisions where tenant_id = \$\d+\) w$/);
    expect(on.deletion).toHaveLength(off.deletion.length + 1);
    expect(off.deletion.some((sql) => sql.includes('scim_deprovisions'))).toBe(false);
  });
});
