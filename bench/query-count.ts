/**
 * Counts the SQL statements each kind of SCIM request costs, which is what bounds its throughput against the floor
 * (one statement per request). Runs the directory in-process on a throwaway PostgreSQL, sends one request of each
 * kind after a few warm-up ones, and prints the statements knex issued for it (buffered writes such as the event log
 * are flushed separately and shown as such).
 * Usage: `node --import tsx bench/query-count.ts [--sql]` (`--sql` prints each statement).
 */
import type { AddressInfo } from 'node:net';
import express from 'express';
import knexFactory from 'knex';
import { startPostgresCluster } from '../test/support/postgres-cluster.js';
import { createScimDirectory } from '../lib/index.js';
import { createHttpClient, field, jsonBody } from './http-client.js';
import { addMembersPatch } from './phases/group-growth.js';
import { removeMemberPatch } from './phases/member-removal.js';
import { benchUser, benchUserName } from './user-fixtures.js';

const silent = { error: () => undefined, warn: () => undefined, info: () => undefined, debug: () => undefined };

async function main(): Promise<void> {
  const showSql = process.argv.includes('--sql');
  const cluster = await startPostgresCluster({ fast: true });
  const knex = knexFactory({ client: 'pg', connection: cluster.url, pool: { min: 0, max: 20 } });
  const statements: string[] = [];
  knex.on('query', (q: { sql?: string }) => statements.push(String(q.sql ?? '').replace(/\s+/g, ' ')));
  const directory = createScimDirectory({ knex, logger: silent });
  try {
    await directory.migrate();
    const { tenant, credential } = await directory.tenants.create('count');
    const app = express().use('/scim', directory.scimRouter);
    const server = app.listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    const client = createHttpClient(`http://127.0.0.1:${(server.address() as AddressInfo).port}/scim/${tenant.id}/v2`, { token: credential.token });
    const ids: string[] = [];
    for (let i = 0; i < 300; i++) ids.push(String(field(jsonBody(await client.request('POST', '/Users', benchUser('qc', i))), 'id')));
    const group = String(field(jsonBody(await client.request('POST', '/Groups', { schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'], displayName: 'qc' })), 'id'));
    await client.request('PATCH', `/Groups/${group}`, addMembersPatch(ids.slice(0, 100).map((id, index) => ({ id, index }))));

    const members = (from: number) => ids.slice(from, from + 100).map((id, index) => ({ id, index }));
    // Each case is sent twice (n = 0 warms caches as a long-running server has them, n = 1 is counted) and must
    // do real work both times: a new user, a changed document, members not yet in the group.
    const cases: [string, (n: number) => Promise<{ status: number }>][] = [
      ['POST /Users', (n) => client.request('POST', '/Users', benchUser('qc', 1000 + n))],
      ['GET /Users?filter=userName eq', (n) => client.request('GET', `/Users?filter=${encodeURIComponent(`userName eq "${benchUserName('qc', 5 + n)}"`)}`)],
      ['PUT /Users/{id}', (n) => client.request('PUT', `/Users/${ids[7 + n]}`, { ...benchUser('qc', 7 + n, 1), id: ids[7 + n] })],
      ['GET /Users?startIndex=1&count=100', () => client.request('GET', '/Users?startIndex=1&count=100')],
      ['PATCH /Groups add 100 members', (n) => client.request('PATCH', `/Groups/${group}`, addMembersPatch(members(100 + 100 * n)))],
      ['PATCH /Groups remove members[value eq]', (n) => client.request('PATCH', `/Groups/${group}`, removeMemberPatch(ids[3 + n] ?? ''))],
    ];
    for (const [name, send] of cases) {
      await send(0);
      statements.length = 0;
      const { status } = await send(1);
      const during = [...statements];
      statements.length = 0;
      await directory.close(); // flushes buffered writes (event log, last-used times) so they are counted too
      const buffered = [...statements];
      process.stdout.write(`${name} (status ${status}): ${during.length} statements in the request, ${buffered.length} buffered\n`);
      if (showSql) for (const s of [...during, ...buffered.map((b) => `(buffered) ${b}`)]) process.stdout.write(`    ${s.slice(0, 220)}\n`);
    }
    client.close();
    server.close();
  } finally {
    await directory.close().catch(() => undefined);
    await knex.destroy();
    await cluster.stop();
  }
}

void main();
