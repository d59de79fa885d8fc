/**
 * `scim.on(…)` on PostgreSQL with two directory instances on one database, each with its own pool and LISTEN
 * connection: both hear what either commits, after the commit, once; the LISTEN connection comes back after it is
 * killed and nothing committed meanwhile is missed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import knexFactory, { type Knex } from 'knex';
import { createScimDirectory, type ScimDirectory } from '../../../lib/directory.js';
import { testDatabaseUrl } from '../../support/database.js';
import { memoryLogger, startTestHost, type TestHost } from '../../support/http-host.js';
import { ProvisioningClient } from '../host/provisioning-client.js';
import { EventRecorder } from './event-recorder.js';

const APPLICATION_NAME = `events-test-${process.pid}`;

let hostA: TestHost;
let knexB: Knex;
let directoryB: ScimDirectory;
const loggerB = memoryLogger();
let recorderA: EventRecorder;
let recorderB: EventRecorder;
let tenantId: string;
let idp: ProvisioningClient;

beforeAll(async () => {
  hostA = await startTestHost();
  const url = new URL(testDatabaseUrl());
  url.searchParams.set('application_name', APPLICATION_NAME);
  knexB = knexFactory({ client: 'pg', connection: url.toString(), pool: { min: 0, max: 4 } });
  // B never polls in these tests (an hour): what it hears, it hears through LISTEN/NOTIFY or on (re)connecting.
  directoryB = createScimDirectory({ knex: knexB, logger: loggerB, events: { pollIntervalMs: 3_600_000 } });
  recorderA = new EventRecorder(hostA.directory);
  recorderB = new EventRecorder(directoryB);
  await Promise.all([hostA.directory.eventsReady(), directoryB.eventsReady()]);
  const tenant = await hostA.createTenant('Events');
  tenantId = tenant.tenantId;
  idp = new ProvisioningClient(tenant.baseUrl, tenant.token);
});
afterAll(async () => {
  recorderA.stop();
  recorderB.stop();
  await hostA.close();
  await directoryB.close();
  await knexB.destroy();
});

describe('events across instances', () => {
  it('are heard by both instances, typed, once each, in feed order', async () => {
    const sent = performance.now();
    const id = await idp.createUser('ada', { externalId: 'e-ada' });
    await idp.setActive(id, false);
    const onB = await recorderB.waitFor((c) => c.type === 'user.deactivated' && c.resourceId === id);
    await recorderA.waitFor((c) => c.type === 'user.deactivated' && c.resourceId === id);
    expect(onB.change).toMatchObject({ tenantId, resourceType: 'User', data: { userName: 'ada', externalId: 'e-ada', active: false } });
    expect(recorderA.of(id)).toEqual(['user.created', 'user.updated', 'user.deactivated']);
    expect(recorderB.of(id)).toEqual(['user.created', 'user.updated', 'user.deactivated']);
    // Through NOTIFY: B's poll is hour-long, so hearing it at all (waitFor gives up after 10 s) is the proof; how soon
    // depends on the machine's load and is not asserted.
    expect(onB.at).toBeGreaterThan(sent);
  });

  it('run after the commit: a handler reading the database sees the change', async () => {
    const seen: boolean[] = [];
    const off = directoryB.on('user.deactivated', async (event) => {
      const row = await knexB('scim_users').where({ tenant_id: event.tenantId, id: event.resourceId }).first('active');
      seen.push(row?.active === false);
    });
    try {
      const id = await idp.createUser('grace');
      await idp.setActive(id, false);
      await recorderB.waitFor((c) => c.type === 'user.deactivated' && c.resourceId === id);
      await expect.poll(() => seen, { timeout: 5000 }).toEqual([true]);
    } finally {
      off();
    }
  });

  it('say nothing of a write that was rolled back', async () => {
    const id = await idp.createUser('unique');
    const conflict = await idp.call('/Users', { body: { schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName: 'UNIQUE' } });
    expect(conflict.status).toBe(409);
    const marker = await idp.createUser('after-conflict');
    await recorderB.waitFor((c) => c.resourceId === marker);
    const created = recorderB.heard.filter((e) => e.change.tenantId === tenantId && e.change.type === 'user.created').map((e) => (e.change.data as { userName: string }).userName);
    expect(created.filter((name) => name.toLowerCase() === 'unique')).toEqual(['unique']);
    expect(recorderB.of(id)).toEqual(['user.created']);
  });

  it('keep flowing after the LISTEN connection is killed, and nothing committed meanwhile is missed', async () => {
    const killed = await knexB.raw<{ rows: unknown[] }>(
      `select pg_terminate_backend(pid) from pg_stat_activity
        where application_name = ? and query ilike 'listen %' and pid <> pg_backend_pid()`,
      [APPLICATION_NAME],
    );
    expect(killed.rows).toHaveLength(1);
    // Written while B may still be reconnecting: B reads the feed when it is back.
    const during = await idp.createUser('during-outage');
    await recorderB.waitFor((c) => c.resourceId === during);
    await expect.poll(() => loggerB.lines.some((l) => l.message === 'change events: LISTEN connection restored'), { timeout: 10_000 }).toBe(true);
    expect(loggerB.lines.some((l) => l.message === 'change events: LISTEN connection lost; reconnecting')).toBe(true);
    const after = await idp.createUser('after-outage');
    await recorderB.waitFor((c) => c.resourceId === after);
    expect(recorderB.of(during)).toEqual(['user.created']);
  });
});

describe('subscriptions', () => {
  it('stop with the returned function or off(), a failing handler is logged and the others still run', async () => {
    const logger = memoryLogger();
    const directory = createScimDirectory({ knex: hostA.knex, logger, events: { pollIntervalMs: 50 } });
    try {
      const calls: string[] = [];
      const off = directory.on('user.created', () => {
        calls.push('first');
      });
      const failing = () => {
        throw new Error('handler bug');
      };
      directory.on('user.created', failing);
      directory.on('user.created', async () => {
        calls.push('third');
        throw new Error('async handler bug');
      });
      await directory.eventsReady();
      const first = await idp.createUser('sub-1');
      await expect.poll(() => calls, { timeout: 10_000 }).toEqual(['first', 'third']);
      expect(logger.lines.filter((l) => l.message === 'a change event handler failed')).toHaveLength(2);
      off();
      directory.off('user.created', failing);
      await idp.createUser('sub-2');
      await expect.poll(() => calls.length, { timeout: 10_000 }).toBe(3);
      expect(calls).toEqual(['first', 'third', 'third']);
      expect(first).toBeTruthy();
      expect(() => directory.on('user.exploded' as never, () => undefined)).toThrow(/no event named "user.exploded"/);
    } finally {
      await directory.close();
    }
  });
});
