import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scimFetch, startTestHost, type TestHost } from '../support/http-host.js';

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';
const LIST = 'urn:ietf:params:scim:api:messages:2.0:ListResponse';
const SEARCH = 'urn:ietf:params:scim:api:messages:2.0:SearchRequest';

let host: TestHost;
let tenant: { tenantId: string; token: string; baseUrl: string };
const NAMES = ['delta', 'Alpha', 'charlie', 'bravo', 'echo', 'foxtrot', 'golf'];

beforeAll(async () => {
  host = await startTestHost({ defaultPageSize: 3, maxPageSize: 5 });
  tenant = await host.createTenant('Lists');
  for (const [index, name] of NAMES.entries()) {
    const response = await call('/Users', {
      body: {
        schemas: [USER],
        userName: name,
        active: index % 2 === 0,
        title: index < 3 ? 'Pilot' : undefined,
        emails: [{ value: `${name}@home.example`, type: 'home' }, { value: `${name}@work.example`, type: 'work', primary: true }],
      },
    });
    expect(response.status).toBe(201);
  }
  await call('/Groups', { body: { schemas: [GROUP], displayName: 'Pilots' } });
});
afterAll(() => host.close());

const call = (path: string, init: Parameters<typeof scimFetch>[2] = {}) => scimFetch(`${tenant.baseUrl}${path}`, tenant.token, init);
const list = (query: string) => call(`/Users?${query}`);
const names = (body: { Resources: { userName?: string; displayName?: string }[] }) => body.Resources.map((r) => r.userName ?? r.displayName);

describe('GET /Users lists', () => {
  it('pages with the default size, exact totals, numbers as numbers and creation order', async () => {
    const response = await list('');
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ schemas: [LIST], totalResults: 7, startIndex: 1, itemsPerPage: 3 });
    expect(names(response.body)).toEqual(NAMES.slice(0, 3));
    expect(response.text).toContain('"totalResults":7');
  });

  it('sorts by userName case-insensitively in both orders, stable across pages', async () => {
    const sorted = [...NAMES].sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase()));
    const pages: (string | undefined)[] = [];
    for (let start = 1; start <= 7; start += 2) pages.push(...names((await list(`sortBy=userName&startIndex=${start}&count=2`)).body));
    expect(pages).toEqual(sorted);
    expect(names((await list('sortBy=userName&sortOrder=descending&count=5')).body)).toEqual([...sorted].reverse().slice(0, 5));
  });

  it('filters in SQL: eq, sw, co, pr, value paths, booleans, and logical combinations', async () => {
    const filter = async (text: string) => names((await list(`count=5&sortBy=userName&filter=${encodeURIComponent(text)}`)).body);
    expect(await filter('userName eq "ALPHA"')).toEqual(['Alpha']);
    expect(await filter('userName sw "d" or userName ew "o"')).toEqual(['bravo', 'delta', 'echo']);
    expect(await filter('title pr and active eq true')).toEqual(['charlie', 'delta']);
    expect(await filter('emails[type eq "work" and value co "bravo"]')).toEqual(['bravo']);
    expect(await filter('emails.value eq "golf@home.example"')).toEqual(['golf']);
    expect(await filter('not (active eq true) and title pr')).toEqual(['Alpha']);
  });

  it('answers count=0 with only totalResults, treats negative count as 0 and caps count at the maximum', async () => {
    const zero = await list('count=0&filter=' + encodeURIComponent('title pr'));
    expect(zero.body).toEqual({ schemas: [LIST], totalResults: 3, startIndex: 1, itemsPerPage: 0, Resources: [] });
    expect((await list('count=-4')).body).toMatchObject({ totalResults: 7, itemsPerPage: 0, Resources: [] });
    expect((await list('count=1000')).body.itemsPerPage).toBe(5);
  });

  it('treats startIndex below 1 as 1 and past the end as an empty page', async () => {
    expect((await list('startIndex=0&count=1')).body).toMatchObject({ startIndex: 1, Resources: [{ userName: 'delta' }] });
    expect((await list('startIndex=-5&count=1')).body.startIndex).toBe(1);
    expect((await list('startIndex=100')).body).toMatchObject({ totalResults: 7, startIndex: 100, itemsPerPage: 0, Resources: [] });
    expect((await list('startIndex=99999999999999999999999')).body).toMatchObject({ totalResults: 7, itemsPerPage: 0 });
  });

  it('answers an empty result with 200 and totalResults 0', async () => {
    const response = await list(`filter=${encodeURIComponent('userName eq "nobody"')}`);
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ schemas: [LIST], totalResults: 0, startIndex: 1, itemsPerPage: 0, Resources: [] });
  });

  it('projects list entries', async () => {
    const response = await list('count=1&attributes=userName,emails.value');
    expect(response.body.Resources[0]).toEqual({
      schemas: [USER],
      id: expect.any(String),
      userName: 'delta',
      emails: [{ value: 'delta@home.example' }, { value: 'delta@work.example' }],
    });
  });

  it('answers bad parameters with 400 naming the parameter', async () => {
    for (const [query, name, scimType] of [
      ['count=ten', 'count', 'invalidValue'],
      ['startIndex=1.5', 'startIndex', 'invalidValue'],
      ['sortOrder=sideways', 'sortOrder', 'invalidValue'],
      ['sortBy=shoeSize', 'sortBy', 'invalidValue'],
      [`filter=${encodeURIComponent('userName eq')}`, 'position', 'invalidFilter'],
      [`filter=${encodeURIComponent('shoeSize eq 3')}`, 'shoeSize', 'invalidFilter'],
      [`filter=${encodeURIComponent('active gt true')}`, 'position', 'invalidFilter'],
      // A value filter inside attributes= is read as the attribute (dialect rule attributeFilterIgnored); an
      // unterminated one is still malformed.
      ['attributes=emails[type eq "work"', 'attributes', 'invalidValue'],
    ] as const) {
      const response = await list(query);
      expect(response.status, query).toBe(400);
      expect(response.body, query).toMatchObject({ status: '400', scimType, detail: expect.stringContaining(name) });
    }
  });
});

describe('POST .search', () => {
  it('takes the same parameters in a SearchRequest body', async () => {
    const response = await call('/Users/.search', {
      body: { schemas: [SEARCH], filter: 'title pr', sortBy: 'userName', sortOrder: 'descending', startIndex: 1, count: 2, attributes: ['userName'] },
    });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ totalResults: 3, itemsPerPage: 2 });
    expect(response.body.Resources).toEqual([
      { schemas: [USER], id: expect.any(String), userName: 'delta' },
      { schemas: [USER], id: expect.any(String), userName: 'charlie' },
    ]);
  });

  it('requires the SearchRequest schema and typed parameters', async () => {
    expect((await call('/Users/.search', { body: { filter: 'title pr' } })).body).toMatchObject({ status: '400', scimType: 'invalidSyntax' });
    expect((await call('/Users/.search', { body: { schemas: [SEARCH], count: 'many' } })).body).toMatchObject({ status: '400', detail: expect.stringContaining('count') });
    expect((await call('/Users/.search', { body: { schemas: [SEARCH], attributes: 'userName' } })).status).toBe(200);
  });

  it('searches groups, and both types at the root', async () => {
    const groups = await call('/Groups/.search', { body: { schemas: [SEARCH], filter: 'displayName eq "pilots"' } });
    expect(names(groups.body)).toEqual(['Pilots']);
    const root = await call('/.search', { body: { schemas: [SEARCH], count: 5, startIndex: 6 } });
    expect(root.body).toMatchObject({ totalResults: 8, startIndex: 6, itemsPerPage: 3 });
    expect(names(root.body)).toEqual(['foxtrot', 'golf', 'Pilots']);
    const onlyUsers = await call('/.search', { body: { schemas: [SEARCH], filter: 'userName sw "a"' } });
    expect(names(onlyUsers.body)).toEqual(['Alpha']);
    const neither = await call('/.search', { body: { schemas: [SEARCH], filter: 'shoeSize eq 1' } });
    expect(neither.body).toMatchObject({ status: '400', scimType: 'invalidFilter' });
  });
});
