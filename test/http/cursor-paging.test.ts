/**
 * Cursor paging (RFC 9865) through a host app on PostgreSQL: walks forwards and backwards match index paging in
 * every order, cursors are bound to the tenant and the query, and bad or expired cursors are 400 with the RFC's
 * scimType.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CursorCodec } from '../../lib/provisioning/cursor-codec.js';
import { scimFetch, startTestHost, type TestHost } from '../support/http-host.js';

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';
const LIST = 'urn:ietf:params:scim:api:messages:2.0:ListResponse';
const SEARCH = 'urn:ietf:params:scim:api:messages:2.0:SearchRequest';
const COUNT = 23;

type Tenant = { tenantId: string; token: string; baseUrl: string };
let host: TestHost;
let tenant: Tenant;
let other: Tenant;

const call = (path: string, init: Parameters<typeof scimFetch>[2] = {}, t: Tenant = tenant) => scimFetch(`${t.baseUrl}${path}`, t.token, init);

interface Page {
  ids: string[];
  body: { totalResults?: number; itemsPerPage: number; nextCursor?: string; previousCursor?: string; startIndex?: number };
}

async function page(query: string, cursor: string): Promise<Page> {
  const response = await call(`/Users?${query}&cursor=${encodeURIComponent(cursor)}`);
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  expect(response.body.schemas).toEqual([LIST]);
  return { ids: (response.body.Resources as { id: string }[]).map((r) => r.id), body: response.body };
}

/** Every page from the first, following nextCursor; then back from the last, following previousCursor. */
async function walk(query: string): Promise<{ forward: Page[]; backward: Page[] }> {
  const forward: Page[] = [await page(query, '')];
  while (forward.at(-1)!.body.nextCursor) forward.push(await page(query, forward.at(-1)!.body.nextCursor!));
  const backward: Page[] = [forward.at(-1)!];
  while (backward.at(-1)!.body.previousCursor) backward.push(await page(query, backward.at(-1)!.body.previousCursor!));
  return { forward, backward };
}

async function indexIds(query: string): Promise<string[]> {
  const response = await call(`/Users?${query}&count=1000`);
  return (response.body.Resources as { id: string }[]).map((r) => r.id);
}

beforeAll(async () => {
  host = await startTestHost();
  tenant = await host.createTenant('Cursors');
  other = await host.createTenant('Other cursors');
  for (let i = 0; i < COUNT; i++) {
    // Every third user has no displayName, and display names repeat: ties and missing values in the sort.
    const response = await call('/Users', { body: { schemas: [USER], userName: `user${String(i).padStart(2, '0')}`, ...(i % 3 === 0 ? {} : { displayName: `Name ${i % 5}` }), title: i % 2 ? 'odd' : 'even' } });
    expect(response.status).toBe(201);
  }
});
afterAll(() => host.close());

describe('cursor paging of /Users', () => {
  it('is advertised in /ServiceProviderConfig (RFC 9865 §4)', async () => {
    const response = await call('/ServiceProviderConfig');
    expect(response.body.pagination).toEqual({ cursor: true, index: true, defaultPaginationMethod: 'index', defaultPageSize: 100, maxPageSize: 1000, cursorTimeout: 3600 });
  });

  for (const query of ['count=5', 'count=4&sortBy=userName', 'count=5&sortBy=displayName', 'count=20&sortBy=displayName', 'count=10&sortBy=displayName&sortOrder=descending', 'count=3&sortBy=displayName&sortOrder=descending', 'count=6&sortBy=meta.lastModified&sortOrder=descending', `count=2&filter=${encodeURIComponent('title eq "odd"')}&sortBy=displayName`]) {
    it(`walks every resource once, forwards and backwards, in index order: ${decodeURIComponent(query)}`, async () => {
      const expected = await indexIds(query.replace(/count=\d+&?/, ''));
      const size = Number(/count=(\d+)/.exec(query)?.[1]);
      const { forward, backward } = await walk(query);
      expect(forward.flatMap((p) => p.ids)).toEqual(expected);
      expect(forward.length).toBe(Math.ceil(expected.length / size));
      // totalResults on the first page; no startIndex; no previousCursor on the first page, no nextCursor on the last.
      expect(forward[0]!.body.totalResults).toBe(expected.length);
      expect(forward.slice(1).every((p) => p.body.totalResults === undefined)).toBe(true);
      expect(forward.every((p) => p.body.startIndex === undefined && p.body.itemsPerPage === p.ids.length)).toBe(true);
      expect(forward[0]!.body.previousCursor).toBeUndefined();
      expect(forward.slice(0, -1).every((p) => p.ids.length === size && p.body.nextCursor)).toBe(true);
      // Backwards: the same pages in reverse.
      expect(backward.map((p) => p.ids)).toEqual([...forward].reverse().map((p) => p.ids));
      expect(backward.at(-1)!.body.previousCursor).toBeUndefined();
    });
  }

  it('reads cursors made only of RFC 3986 unreserved characters, and reuses them', async () => {
    const first = await page('count=5', '');
    expect(first.body.nextCursor).toMatch(/^[A-Za-z0-9\-._~]+$/);
    const again = await page('count=5', first.body.nextCursor!);
    expect((await page('count=5', first.body.nextCursor!)).ids).toEqual(again.ids);
  });

  it('does not shift pages when a resource before the cursor is deleted or one is created', async () => {
    const first = await page('count=5', '');
    const second = await page('count=5', first.body.nextCursor!);
    expect((await call(`/Users/${first.ids[0]}`, { method: 'DELETE' })).status).toBe(204);
    const created = await call('/Users', { body: { schemas: [USER], userName: 'zz-late' } });
    const again = await page('count=5', first.body.nextCursor!);
    expect(again.ids).toEqual(second.ids);
    const { forward } = await walk('count=5');
    expect(forward.flatMap((p) => p.ids)).toContain(created.body.id);
    expect(forward.flatMap((p) => p.ids)).not.toContain(first.ids[0]);
  });

  it('pages by cursor in POST /Users/.search, the cursor in the body', async () => {
    const search = (cursor: string) => call('/Users/.search', { body: { schemas: [SEARCH], cursor, count: 10, sortBy: 'userName' } });
    const first = await search('');
    expect(first.status).toBe(200);
    expect(first.body.Resources).toHaveLength(10);
    const second = await search(first.body.nextCursor);
    expect(second.status).toBe(200);
    expect(second.body.Resources[0].userName > first.body.Resources[9].userName).toBe(true);
  });

  it('answers count=0 with no resources and a cursor that continues where it was', async () => {
    const empty = await page('count=0', '');
    expect(empty.ids).toEqual([]);
    expect(empty.body.totalResults).toBeGreaterThan(0);
    expect(empty.body.nextCursor).toBeDefined();
  });

  it('pages groups by cursor with their members', async () => {
    const members = (await indexIds('count=3')).map((value) => ({ value }));
    for (const name of ['g1', 'g2', 'g3']) expect((await call('/Groups', { body: { schemas: [GROUP], displayName: name, members } })).status).toBe(201);
    const first = await call('/Groups?cursor&count=2&sortBy=displayName');
    expect(first.body.Resources.map((g: { displayName: string }) => g.displayName)).toEqual(['g1', 'g2']);
    expect(first.body.Resources[0].members).toHaveLength(3);
    const second = await call(`/Groups?cursor=${first.body.nextCursor}&count=2&sortBy=displayName`);
    expect(second.body.Resources.map((g: { displayName: string }) => g.displayName)).toEqual(['g3']);
    expect(second.body.nextCursor).toBeUndefined();
  });
});

describe('cursor paging of POST /.search', () => {
  const search = async (body: Record<string, unknown>) => {
    const response = await call('/.search', { body: { schemas: [SEARCH], ...body } });
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    return response.body as { Resources: { id: string; meta: { resourceType: string } }[]; nextCursor?: string; previousCursor?: string; totalResults?: number };
  };

  for (const query of [{ count: 4 }, { count: 7, sortBy: 'displayName', sortOrder: 'descending' }, { count: 5, filter: 'displayName pr' }]) {
    it(`walks users then groups forwards and backwards like index paging: ${JSON.stringify(query)}`, async () => {
      const expected = (await search({ ...query, count: 1000 })).Resources.map((r) => r.id);
      expect(new Set((await search({ ...query, count: 1000 })).Resources.map((r) => r.meta.resourceType))).toEqual(new Set(['User', 'Group']));
      const pages = [await search({ ...query, cursor: '' })];
      expect(pages[0]!.totalResults).toBe(expected.length);
      while (pages.at(-1)!.nextCursor) pages.push(await search({ ...query, cursor: pages.at(-1)!.nextCursor }));
      expect(pages.flatMap((p) => p.Resources.map((r) => r.id))).toEqual(expected);
      expect(pages.length).toBe(Math.ceil(expected.length / query.count));
      const back = [pages.at(-1)!];
      while (back.at(-1)!.previousCursor) back.push(await search({ ...query, cursor: back.at(-1)!.previousCursor }));
      expect(back.map((p) => p.Resources.map((r) => r.id))).toEqual([...pages].reverse().map((p) => p.Resources.map((r) => r.id)));
    });
  }

  it('refuses a cursor of /Users at the root', async () => {
    const { body } = await page('count=2', '');
    const response = await call('/.search', { body: { schemas: [SEARCH], cursor: body.nextCursor, count: 2 } });
    expect(response.status).toBe(400);
    expect(response.body.scimType).toBe('invalidCursor');
  });
});

describe('cursor errors (RFC 9865)', () => {
  const expectError = (response: Awaited<ReturnType<typeof call>>, scimType: string) => {
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ status: '400', scimType });
  };

  it('refuses a cursor that is not one, or has been altered, with invalidCursor', async () => {
    expectError(await call('/Users?cursor=not-a-cursor'), 'invalidCursor');
    expectError(await call('/Users?cursor=a.b.c'), 'invalidCursor');
    const { body } = await page('count=2', '');
    const [payload, mac] = body.nextCursor!.split('.');
    const altered = Buffer.from(payload!, 'base64url').toString('utf8').replace(/"t":\d+/, '"t":1');
    expectError(await call(`/Users?cursor=${Buffer.from(altered).toString('base64url')}.${mac}`), 'invalidCursor');
  });

  it("refuses another tenant's cursor and a cursor of another query with invalidCursor", async () => {
    const { body } = await page('count=2', '');
    expectError(await call(`/Users?cursor=${body.nextCursor}&count=2`, {}, other), 'invalidCursor');
    expectError(await call(`/Users?cursor=${body.nextCursor}&count=2&sortBy=userName`), 'invalidCursor');
    expectError(await call(`/Users?cursor=${body.nextCursor}&count=2&filter=${encodeURIComponent('title eq "odd"')}`), 'invalidCursor');
    expectError(await call(`/Groups?cursor=${body.nextCursor}&count=2`), 'invalidCursor');
    // count may change between pages.
    expect((await call(`/Users?cursor=${body.nextCursor}&count=3`)).status).toBe(200);
  });

  it('refuses a cursor older than cursorTimeout with expiredCursor', async () => {
    // A cursor signed with the directory's own key, issued two hours ago.
    const past = new CursorCodec(host.knex, 3600, () => Date.now() - 7_200_000);
    const old = await past.encode({ tenantId: tenant.tenantId, query: ['User', '', '', 'ascending'] }, { direction: 'after', position: { sortValue: null, seq: '1' } });
    const recent = await new CursorCodec(host.knex, 3600).encode({ tenantId: tenant.tenantId, query: ['User', '', '', 'ascending'] }, { direction: 'after', position: { sortValue: null, seq: '1' } });
    expect((await call(`/Users?cursor=${recent}`)).status).toBe(200);
    expectError(await call(`/Users?cursor=${old}`), 'expiredCursor');
  });

  it('refuses cursor and startIndex together', async () => {
    const response = await call('/Users?cursor&startIndex=3');
    expect(response.status).toBe(400);
    expect(response.body.scimType).toBe('invalidValue');
  });

  it('still pages by index without a cursor', async () => {
    const response = await call('/Users?startIndex=2&count=2');
    expect(response.body).toMatchObject({ startIndex: 2, itemsPerPage: 2 });
    expect(response.body.nextCursor).toBeUndefined();
  });
});
