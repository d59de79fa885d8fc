/**
 * Cursor paging (RFC 9865) over 100 000 users on PostgreSQL: a walk visits every user once, and a page deep in
 * the result reads about as much as the first page — checked on the plan PostgreSQL runs (EXPLAIN ANALYZE of the
 * very statement the request issued), not on wall-clock time.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CursorCodec } from '../../../lib/provisioning/cursor-codec.js';
import { scimFetch, startTestHost, type TestHost } from '../../support/http-host.js';

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const SIZE = 100_000;

let host: TestHost;
let tenant: { tenantId: string; token: string; baseUrl: string };

const call = (path: string) => scimFetch(`${tenant.baseUrl}${path}`, tenant.token);

interface Statement {
  sql: string;
  bindings: unknown[];
}

/** The statements a request issued. */
async function statementsOf(path: string): Promise<{ body: any; statements: Statement[] }> {
  const statements: Statement[] = [];
  const listener = (query: { sql: string; bindings?: unknown[] }) => statements.push({ sql: query.sql, bindings: query.bindings ?? [] });
  host.knex.on('query', listener);
  try {
    const response = await call(path);
    expect(response.status, response.text.slice(0, 300)).toBe(200);
    return { body: response.body, statements };
  } finally {
    host.knex.removeListener('query', listener);
  }
}

interface PlanNode {
  'Node Type': string;
  'Actual Rows': number;
  'Actual Loops': number;
  'Shared Hit Blocks': number;
  'Shared Read Blocks': number;
  'Index Name'?: string;
  Plans?: PlanNode[];
}

/** Runs a statement as the request sent it (native `$n` placeholders) on one pooled connection. */
async function explain(sql: string, bindings: unknown[], options: string): Promise<unknown[]> {
  const connection = (await host.knex.client.acquireConnection()) as { query(text: string, values: unknown[]): Promise<{ rows: unknown[] }> };
  try {
    return (await connection.query(`explain (${options}) ${sql}`, bindings)).rows;
  } finally {
    await host.knex.client.releaseConnection(connection);
  }
}

/** EXPLAIN (ANALYZE, BUFFERS) of the page statement of a request: rows read by its scans and blocks touched. */
async function pagePlan(path: string): Promise<{ rowsScanned: number; blocks: number; ms: number; text: string }> {
  const { statements } = await statementsOf(path);
  const pageStatement = statements.find((s) => /from "scim_users" as "r"/.test(s.sql) && /limit (\?|\$\d+)/.test(s.sql));
  expect(pageStatement, statements.map((s) => s.sql).join('\n')).toBeDefined();
  const { sql, bindings } = pageStatement!;
  const [json] = (await explain(sql, bindings, 'analyze, buffers, format json')) as { 'QUERY PLAN': { Plan: PlanNode; 'Execution Time': number }[] }[];
  const text = (await explain(sql, bindings, 'analyze, buffers, costs off')) as { 'QUERY PLAN': string }[];
  const plan = json!['QUERY PLAN'][0]!;
  let rowsScanned = 0;
  const visit = (node: PlanNode): void => {
    if (/Scan/.test(node['Node Type'])) rowsScanned += node['Actual Rows'] * node['Actual Loops'];
    for (const child of node.Plans ?? []) visit(child);
  };
  visit(plan.Plan);
  return {
    rowsScanned,
    blocks: plan.Plan['Shared Hit Blocks'] + plan.Plan['Shared Read Blocks'],
    ms: plan['Execution Time'],
    text: text.map((row) => row['QUERY PLAN']).join('\n'),
  };
}

beforeAll(async () => {
  host = await startTestHost();
  tenant = await host.createTenant('Deep pages');
  await host.knex.raw(
    `insert into scim_users (tenant_id, id, user_name, user_name_key, display_name, doc)
     select ?, gen_random_uuid(), 'user' || g, 'user' || g, case when g % 10 = 0 then null else 'Name ' || (g % 997) end,
            jsonb_build_object('schemas', jsonb_build_array(?::text), 'userName', 'user' || g)
       from generate_series(1, ?) as g`,
    [tenant.tenantId, USER, SIZE],
  );
  await host.knex.raw('vacuum analyze scim_users');
}, 120_000);
afterAll(() => host?.close());

describe(`cursor pages over ${SIZE} users`, () => {
  it('walks all users exactly once, 1000 a page', async () => {
    const seen = new Set<string>();
    let cursor = '';
    let pages = 0;
    for (;;) {
      const response = await call(`/Users?cursor=${cursor}&count=1000&attributes=id`);
      expect(response.status).toBe(200);
      for (const resource of response.body.Resources as { id: string }[]) seen.add(resource.id);
      pages += 1;
      if (pages === 1) expect(response.body.totalResults).toBe(SIZE);
      if (!response.body.nextCursor) break;
      cursor = response.body.nextCursor;
    }
    expect(pages).toBe(SIZE / 1000);
    expect(seen.size).toBe(SIZE);
  }, 120_000);

  for (const [label, sortBy, descending] of [
    ['creation order', undefined, false],
    ['sortBy=userName', 'userName', false],
    ['sortBy=displayName descending', 'displayName', true],
  ] as const) {
    it(`reads a page ${SIZE - 100} deep (${label}) with as few rows and blocks as the first`, async () => {
      const order = sortBy ? `&sortBy=${sortBy}${descending ? '&sortOrder=descending' : ''}` : '';
      // The position of the row in front of the deep page, as the walk would have reached it.
      const column = sortBy === 'userName' ? 'user_name_key' : sortBy === 'displayName' ? 'lower(display_name)' : undefined;
      const direction = descending ? 'desc nulls first' : 'asc nulls last';
      const seqDirection = descending ? 'desc' : 'asc';
      const [row] = (
        await host.knex.raw<{ rows: { sort_value: string | null; position: string }[] }>(
          `select ${column ?? 'null'}::text as sort_value, seq::text as position from scim_users where tenant_id = ? and deleted_at is null
            order by ${column ? `${column} ${direction}, ` : ''}seq ${seqDirection} offset ? limit 1`,
          [tenant.tenantId, SIZE - 101],
        )
      ).rows;
      const codec = new CursorCodec(host.knex, 3600);
      const deepCursor = await codec.encode(
        { tenantId: tenant.tenantId, query: ['User', '', sortBy ?? '', descending ? 'descending' : 'ascending'] },
        { direction: 'after', position: { sortValue: row!.sort_value, seq: row!.position } },
      );
      const deep = await call(`/Users?cursor=${deepCursor}&count=100${order}`);
      expect(deep.status).toBe(200);
      expect(deep.body.Resources).toHaveLength(100);
      expect(deep.body.nextCursor).toBeUndefined();
      expect(deep.body.previousCursor).toBeDefined();
      // The same users as the last index page.
      const index = await call(`/Users?startIndex=${SIZE - 99}&count=100${order}`);
      expect(deep.body.Resources.map((r: { id: string }) => r.id)).toEqual(index.body.Resources.map((r: { id: string }) => r.id));

      const firstPlan = await pagePlan(`/Users?cursor&count=100${order}`);
      const deepPlan = await pagePlan(`/Users?cursor=${deepCursor}&count=100${order}`);
      console.info(`first page (${label}): ${firstPlan.ms.toFixed(2)} ms, ${firstPlan.rowsScanned} rows scanned, ${firstPlan.blocks} blocks\n${firstPlan.text}`);
      console.info(`deep page (${label}): ${deepPlan.ms.toFixed(2)} ms, ${deepPlan.rowsScanned} rows scanned, ${deepPlan.blocks} blocks\n${deepPlan.text}`);
      // An OFFSET page would scan ~100 000 rows; a keyset page reads the page (and its look-ahead row) and a little more.
      expect(deepPlan.rowsScanned).toBeLessThan(1000);
      expect(deepPlan.blocks).toBeLessThan(Math.max(200, firstPlan.blocks * 3));
    }, 60_000);
  }
});
