/**
 * A search whose client disconnects is cancelled on the database (issue 14 point 2), on PostgreSQL directly and
 * through PgBouncer in transaction pool mode. A search is made slow deterministically: the test holds an exclusive
 * lock on the resource tables, so the search waits on the server (`pg_stat_activity` shows it) and would wait until
 * the lock is released or the statement timeout, set far beyond the test, ends it. The client then aborts; the
 * query must leave `pg_stat_activity` while the lock is still held. Nothing is logged as an error or an outage, and
 * no failed request is counted. A `userName eq` lookup stays one statement.
 *
 * Its own database: a table lock on the shared one would stall every other test file.
 */
import http from 'node:http';
import knexFactory, { type Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { migrateToLatest } from '../../lib/store/migration-source.js';
import { createEmptyDatabase } from '../support/database.js';
import { memoryLogger, scimFetch, startTestHost, type TestHost } from '../support/http-host.js';

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';
const SEARCH = 'urn:ietf:params:scim:api:messages:2.0:SearchRequest';

let databaseUrl: string;
let observer: Knex;

beforeAll(async () => {
  databaseUrl = await createEmptyDatabase();
  observer = knexFactory({ client: 'pg', connection: databaseUrl, pool: { min: 0, max: 2 } });
  await migrateToLatest(observer);
});
afterAll(async () => {
  await observer?.destroy();
});

/** This database's URL through the suite's PgBouncer (it serves any database of the server). */
function throughPgBouncer(url: string): string {
  const bouncer = new URL(inject('pgBouncerUrl'));
  bouncer.pathname = new URL(url).pathname;
  return bouncer.toString();
}

/** Backends of this database running a statement on a resource table, waiting for a lock. */
async function waitingSearches(): Promise<number> {
  const result = await observer.raw<{ rows: { n: string }[] }>(
    `select count(*) as n from pg_stat_activity
      where datname = current_database() and state = 'active' and wait_event_type = 'Lock'
        and (query like '%scim_users%' or query like '%scim_groups%') and pid <> pg_backend_pid()`,
  );
  return Number(result.rows[0]?.n ?? 0);
}

/** Sends a request and returns a function that aborts it (closes the socket), as a client that gives up does. */
function sendAbortable(url: string, token: string, method: string, body?: unknown): { abort(): void; settled: Promise<string> } {
  const text = body === undefined ? undefined : JSON.stringify(body);
  const request = http.request(url, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(text ? { 'content-type': 'application/scim+json', 'content-length': Buffer.byteLength(text) } : {}) },
  });
  const settled = new Promise<string>((resolve) => {
    request.on('response', (response) => resolve(`answered ${response.statusCode ?? 0}`));
    request.on('error', (error) => resolve(`aborted: ${error.message}`));
  });
  request.end(text);
  return { abort: () => request.destroy(), settled };
}

interface Search {
  readonly name: string;
  readonly method: 'GET' | 'POST';
  readonly path: string;
  readonly body?: unknown;
}

const SEARCHES: readonly Search[] = [
  { name: 'a filtered GET /Users', method: 'GET', path: `/Users?filter=${encodeURIComponent('userName co "a"')}` },
  { name: 'POST /Groups/.search', method: 'POST', path: '/Groups/.search', body: { schemas: [SEARCH], filter: 'displayName co "team"' } },
  { name: 'a root POST /.search', method: 'POST', path: '/.search', body: { schemas: [SEARCH], filter: 'displayName pr' } },
  { name: 'a cursor page', method: 'GET', path: '/Users?cursor=&count=2&sortBy=userName' },
];

describe.each([
  ['directly', (url: string) => url],
  ['through PgBouncer in transaction pool mode', throughPgBouncer],
])('searches on PostgreSQL %s', (_name, connectionFor) => {
  const logger = memoryLogger();
  let knex: Knex;
  let locker: Knex;
  let host: TestHost;
  let tenant: { tenantId: string; token: string; baseUrl: string };

  beforeAll(async () => {
    knex = knexFactory({ client: 'pg', connection: connectionFor(databaseUrl), pool: { min: 0, max: 10 } });
    locker = knexFactory({ client: 'pg', connection: databaseUrl, pool: { min: 0, max: 1 } });
    // The statement timeout lies far beyond the test: only the cancel can end a waiting search in time.
    host = await startTestHost({ knex, logger, statementTimeoutMs: 600_000, events: { notify: false } });
    tenant = await host.createTenant('Search cancellation');
    for (const name of ['ada', 'grace', 'alan']) {
      const created = await scimFetch(`${tenant.baseUrl}/Users`, tenant.token, { body: { schemas: [USER], userName: `${name}@cancel.example`, displayName: name } });
      expect(created.status, created.text).toBe(201);
    }
    expect((await scimFetch(`${tenant.baseUrl}/Groups`, tenant.token, { body: { schemas: [GROUP], displayName: 'team one' } })).status).toBe(201);
  });
  afterAll(async () => {
    await host?.close();
    await knex?.destroy();
    await locker?.destroy();
  });

  it.each(SEARCHES)('cancels $name on the server when its client disconnects', async (search) => {
    await locker.transaction(async (holder) => {
      await holder.raw('lock table scim_users, scim_groups in access exclusive mode');
      const sent = sendAbortable(`${tenant.baseUrl}${search.path}`, tenant.token, search.method, search.body);
      await vi.waitFor(async () => expect(await waitingSearches()).toBeGreaterThan(0), { timeout: 15_000, interval: 50 });
      sent.abort();
      expect(await sent.settled).toMatch(/^aborted/);
      // Gone while the lock is still held: cancelled, not finished.
      await vi.waitFor(async () => expect(await waitingSearches()).toBe(0), { timeout: 15_000, interval: 50 });
    });
    // The same search with a client that stays is answered.
    const answered = await scimFetch(`${tenant.baseUrl}${search.path}`, tenant.token, { method: search.method, ...(search.body ? { body: search.body } : {}) });
    expect(answered.status, answered.text).toBe(200);
  });

  it('logs no error or outage and counts no failed request for the cancelled searches', async () => {
    expect(logger.lines.filter((line) => line.level === 'error')).toEqual([]);
    expect(logger.lines.filter((line) => line.message.startsWith('database unavailable'))).toEqual([]);
    expect(logger.lines.filter((line) => line.message.startsWith('search ended: the client closed the connection')).length).toBeGreaterThanOrEqual(SEARCHES.length);
    const metrics = await host.directory.metrics.metrics();
    const counted = metrics.split('\n').filter((line) => line.startsWith('scim_requests_total') && line.includes(tenant.tenantId));
    expect(counted.length).toBeGreaterThan(0);
    expect(counted.filter((line) => /status_class="[45]xx"/.test(line))).toEqual([]);
  });

  it('runs a userName eq lookup as one statement, outside any transaction', async () => {
    const statements: string[] = [];
    const onQuery = (query: { sql?: string }) => statements.push(String(query.sql ?? ''));
    knex.on('query', onQuery);
    try {
      const found = await scimFetch(`${tenant.baseUrl}/Users?filter=${encodeURIComponent('userName eq "ADA@cancel.example"')}`, tenant.token);
      expect(found.body.totalResults).toBe(1);
    } finally {
      knex.off('query', onQuery);
    }
    const search = statements.filter((sql) => !/scim_credentials|scim_tenants|scim_event_log|scim_request_counts/.test(sql));
    expect(search).toHaveLength(1);
    expect(search[0]).toMatch(/from scim_users as r/);
  });
});
