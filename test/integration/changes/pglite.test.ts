/**
 * The change feed and events on the embedded PGlite: one process, so events are in-process — a commit wakes the
 * follower at once, and the poll picks up writes that did not go through the SCIM use cases (an admin removal).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Knex } from 'knex';
import { removeResource } from '../../../lib/provisioning/remove-resource.js';
import { createProvisioningServices } from '../../../lib/provisioning/services.js';
import { resolveOptions } from '../../../lib/options.js';
import { TenantsService } from '../../../lib/tenants/tenants-service.js';
import { memoryPgliteKnex } from '../../support/database.js';
import { memoryLogger, startTestHost, type TestHost } from '../../support/http-host.js';
import { createScimDirectory } from '../../../lib/directory.js';
import { migrateToLatest } from '../../../lib/store/migration-source.js';
import { ProvisioningClient } from '../host/provisioning-client.js';
import { EventRecorder } from './event-recorder.js';

let knex: Knex;
let host: TestHost;
let recorder: EventRecorder;
let tenantId: string;
let idp: ProvisioningClient;

beforeAll(async () => {
  knex = memoryPgliteKnex();
  await migrateToLatest(knex);
  // No poll in practice (an hour): the host hears its own writes because each commit wakes its follower.
  host = await startTestHost({ knex, events: { pollIntervalMs: 3_600_000 } });
  recorder = new EventRecorder(host.directory);
  await host.directory.eventsReady();
  const tenant = await host.createTenant('PGlite feed');
  tenantId = tenant.tenantId;
  idp = new ProvisioningClient(tenant.baseUrl, tenant.token);
});
afterAll(async () => {
  recorder.stop();
  await host.close();
  await knex.destroy();
});

describe('on PGlite', () => {
  it('records every change in the feed and reads it with cursors', async () => {
    const ada = await idp.createUser('ada');
    const group = await idp.createGroup('Team', [ada]);
    await idp.setActive(ada, false);
    await idp.removeMember(group, ada);
    const first = await host.directory.changes.read({ tenantId, limit: 2 });
    expect(first.changes.map((c) => c.type)).toEqual(['user.created', 'group.created']);
    const rest = await host.directory.changes.read({ tenantId, after: first.cursor });
    expect(rest.changes.map((c) => c.type)).toEqual(['group.member_added', 'user.updated', 'user.deactivated', 'group.member_removed']);
    expect((await host.directory.changes.read({ tenantId, after: rest.cursor })).changes).toEqual([]);
  });

  it('emits events in-process after each commit, in feed order', async () => {
    const before = performance.now();
    const id = await idp.createUser('grace');
    await idp.setActive(id, false);
    const heard = await recorder.waitFor((c) => c.type === 'user.deactivated' && c.resourceId === id);
    expect(recorder.of(id)).toEqual(['user.created', 'user.updated', 'user.deactivated']);
    expect(heard.change.data).toEqual({ userName: 'grace', externalId: null, active: false });
    expect(heard.at).toBeGreaterThan(before);
  });

  it('emits what other writers commit (an admin removal) on the next poll', async () => {
    const polling = createScimDirectory({ knex, logger: memoryLogger(), events: { pollIntervalMs: 50 } });
    const polled = new EventRecorder(polling);
    try {
      await polling.eventsReady();
      const id = await idp.createUser('removed-by-admin');
      // Another writer: use cases of their own, which do not wake this directory's events.
      const other = createProvisioningServices(resolveOptions({ knex, logger: memoryLogger() }), new TenantsService(knex));
      await removeResource(other.deps, tenantId, 'User', id, { source: 'admin' });
      const heard = await polled.waitFor((c) => c.type === 'user.deleted' && c.resourceId === id);
      expect(heard.change.data).toMatchObject({ userName: 'removed-by-admin', source: 'admin' });
      expect(polled.of(id)).toEqual(['user.created', 'user.deleted']);
    } finally {
      polled.stop();
      await polling.close();
    }
  });

  it('prunes by age', async () => {
    await knex('scim_changes').where({ tenant_id: tenantId }).update({ at: knex.raw("now() - interval '31 days'") });
    expect(await host.directory.changes.prune()).toBeGreaterThan(0);
    expect((await host.directory.changes.read({ tenantId })).changes).toEqual([]);
  });
});
