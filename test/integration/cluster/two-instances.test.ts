/**
 * Several instances on one PostgreSQL: two server processes (test/integration/cluster/cluster-node.ts: the
 * standalone `serve()` plus an event subscriber) on the suite's database, with tenants and tokens managed from this
 * process as a third instance would. Shows that a revoked token is refused by both once their cache time has passed, that membership
 * changes sent to both at once are all kept, that both write one event log and one change feed, and that each hears
 * the events of changes made through the other.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Knex } from 'knex';
import { createScimDirectory, type ScimDirectory } from '../../../lib/directory.js';
import { testDatabaseUrl, testKnex } from '../../support/database.js';
import { memoryLogger } from '../../support/http-host.js';
import { AdminClient } from '../../http/admin-api/admin-client.js';
import { ProvisioningClient } from '../host/provisioning-client.js';

const ADMIN_TOKEN = 'cluster-test-admin-secret-0123456789';

interface HeardEvent {
  readonly type: string;
  readonly tenantId: string;
  readonly resourceId: string;
  readonly seq: number;
  readonly heardAt: number;
}

/** A running server process. */
class Node {
  output = '';
  readonly events: HeardEvent[] = [];
  origin = '';

  constructor(
    readonly name: string,
    readonly child: ChildProcess,
  ) {
    let pending = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      this.output += chunk.toString();
      pending += chunk.toString();
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) if (line.startsWith('EVENT ')) this.events.push(JSON.parse(line.slice(6)) as HeardEvent);
    });
    child.stderr?.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
  }

  static async start(name: string): Promise<Node> {
    const child = spawn(process.execPath, ['--import', 'tsx', 'test/integration/cluster/cluster-node.ts'], {
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? '',
        DATABASE_URL: testDatabaseUrl(),
        PORT: '0',
        HOST: '127.0.0.1',
        SCIM_BOOTSTRAP_TENANT: 'false',
        ADMIN_TOKEN,
        LOG_LEVEL: 'warn',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const node = new Node(name, child);
    const deadline = Date.now() + 60_000;
    for (;;) {
      const ready = /READY (\d+)/.exec(node.output);
      if (ready) {
        node.origin = `http://127.0.0.1:${ready[1]}`;
        return node;
      }
      if (child.exitCode !== null || Date.now() > deadline) throw new Error(`${name} did not start:\n${node.output}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  scim(tenantId: string, token: string): ProvisioningClient {
    return new ProvisioningClient(`${this.origin}/scim/${tenantId}/v2`, token);
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null) return;
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  }
}

let knex: Knex;
let directory: ScimDirectory;
let a: Node;
let b: Node;

beforeAll(async () => {
  knex = testKnex();
  directory = createScimDirectory({ knex, logger: memoryLogger() });
  [a, b] = await Promise.all([Node.start('A'), Node.start('B')]);
}, 120_000);
afterAll(async () => {
  await Promise.all([a?.stop(), b?.stop()]);
  await directory.close();
  await knex.destroy();
});

async function newTenant(name: string): Promise<{ tenantId: string; token: string }> {
  const { tenant, credential } = await directory.tenants.create(name);
  return { tenantId: tenant.id, token: credential.token };
}

describe('two server processes on one PostgreSQL', () => {
  it('refuse a revoked token on both once their verification cache (500 ms) has passed', async () => {
    const { tenantId, token } = await newTenant('Cluster revoke');
    const nodes = [a, b];
    for (const node of nodes) expect((await node.scim(tenantId, token).call('/Users')).status).toBe(200);
    const credentialId = (await directory.tenants.listCredentials(tenantId))[0]!.id;
    await directory.tenants.revoke(tenantId, credentialId);
    // However slow the machine, once the cache time has passed neither node may answer from its cached verification.
    await new Promise((resolve) => setTimeout(resolve, directory.options.verificationCacheMs + 50));
    for (const node of nodes) expect((await node.scim(tenantId, token).call('/Users')).status).toBe(401);
  });

  it('keep every membership change sent to both at once', async () => {
    const { tenantId, token } = await newTenant('Cluster members');
    const viaA = a.scim(tenantId, token);
    const viaB = b.scim(tenantId, token);
    const users = await Promise.all(Array.from({ length: 60 }, (_, i) => (i % 2 ? viaA : viaB).createUser(`member-${i}`)));
    const group = await viaA.createGroup('Everyone in parallel');
    await Promise.all(users.map((id, i) => (i % 2 ? viaB : viaA).addMembers(group, [id])));
    const removed = users.filter((_, i) => i % 3 === 0);
    await Promise.all(removed.map((id, i) => (i % 2 ? viaA : viaB).removeMember(group, id)));
    const expected = users.filter((id) => !removed.includes(id)).sort();
    for (const via of [viaA, viaB]) {
      const read = await via.call(`/Groups/${group}`);
      expect(read.body.members.map((m: { value: string }) => m.value).sort()).toEqual(expected);
      expect(read.body.meta.version).toBe(`W/"${1 + users.length + removed.length}"`);
    }
    expect(await directory.directory.groups.memberCount(tenantId, group)).toBe(expected.length);
  });

  it('write one event log, readable from either', async () => {
    const { tenantId, token } = await newTenant('Cluster event log');
    const [fromA, fromB] = await Promise.all([a.scim(tenantId, token).call('/Users?count=1'), b.scim(tenantId, token).call('/Groups?count=1')]);
    const requestIds = [fromA.headers.get('x-request-id'), fromB.headers.get('x-request-id')];
    expect(requestIds.every((id) => typeof id === 'string' && id.length > 0)).toBe(true);
    const admin = new AdminClient(`${a.origin}/admin/`);
    await admin.session();
    expect((await admin.request('api/session', { body: { secret: ADMIN_TOKEN } })).status).toBe(200);
    // B writes its log in batches (within a second); A's admin API reads the shared table.
    await expect
      .poll(
        async () => {
          const answer = await admin.request(`api/tenants/${tenantId}/events?count=50`);
          return (answer.body.events as { requestId: string }[]).map((event) => event.requestId).sort();
        },
        { timeout: 10_000, interval: 100 },
      )
      .toEqual([...requestIds].sort());
  });

  it('append to one change feed and hear each other’s events', async () => {
    const { tenantId, token } = await newTenant('Cluster events');
    const start = await directory.changes.currentCursor();
    const viaA = a.scim(tenantId, token);
    const viaB = b.scim(tenantId, token);
    const madeOnA = await viaA.createUser('made-on-a');
    const answeredA = Date.now();
    const madeOnB = await viaB.createUser('made-on-b');
    const answeredB = Date.now();
    await viaB.setActive(madeOnA, false);

    const heard = async (node: Node, resourceId: string, type: string) => {
      await expect.poll(() => node.events.some((e) => e.resourceId === resourceId && e.type === type), { timeout: 10_000, interval: 20 }).toBe(true);
      return node.events.find((e) => e.resourceId === resourceId && e.type === type)!;
    };
    // Heard by the other node, measured from when the writing node answered (same machine clock).
    const latencies = [(await heard(b, madeOnA, 'user.created')).heardAt - answeredA, (await heard(a, madeOnB, 'user.created')).heardAt - answeredB];
    await heard(a, madeOnA, 'user.deactivated');
    await heard(b, madeOnA, 'user.deactivated');
    // How soon is a figure of the machine's load (bench/), not a test: that they are heard at all is.
    console.info(`events heard on the other instance ${latencies.map((ms) => `${ms} ms`).join(' and ')} after the write answered`);

    // Each node heard each change once, in the order of the one feed.
    await expect.poll(async () => (await directory.changes.read({ tenantId, after: start })).changes.length, { timeout: 10_000 }).toBe(4);
    const feed = await directory.changes.read({ tenantId, after: start });
    expect(feed.changes.map((c) => [c.type, c.resourceId])).toEqual([
      ['user.created', madeOnA],
      ['user.created', madeOnB],
      ['user.updated', madeOnA],
      ['user.deactivated', madeOnA],
    ]);
    for (const node of [a, b]) {
      await expect.poll(() => node.events.filter((e) => e.tenantId === tenantId).length, { timeout: 10_000 }).toBe(4);
      expect(node.events.filter((e) => e.tenantId === tenantId).map((e) => e.seq)).toEqual(feed.changes.map((c) => c.seq));
    }
  });
});
