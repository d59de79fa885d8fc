import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scimFetch, startTestHost, type TestHost } from '../../support/http-host.js';
import { AdminClient, errorCode } from './admin-client.js';

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';

let host: TestHost;
let admin: AdminClient;
let t: { tenantId: string; token: string; baseUrl: string };
const ids = new Map<string, string>();

async function provisionUser(userName: string, givenName: string, familyName: string, email: string, active = true): Promise<string> {
  const response = await scimFetch(`${t.baseUrl}/Users`, t.token, {
    body: { schemas: [USER], userName, name: { givenName, familyName }, displayName: `${givenName} ${familyName}`, emails: [{ value: email, type: 'work', primary: true }], active },
  });
  expect(response.status).toBe(201);
  ids.set(userName, response.body.id);
  return response.body.id;
}

beforeAll(async () => {
  host = await startTestHost();
  admin = new AdminClient(`${host.origin}/admin/`);
  await admin.session();
  t = await host.createTenant('Browse');
  await provisionUser('ada@example.com', 'Ada', 'Lovelace', 'ada.lovelace@math.example', true);
  await provisionUser('grace@example.com', 'Grace', 'Hopper', 'admiral@navy.example', true);
  await provisionUser('alan@example.com', 'Alan', 'Turing', 'alan@bletchley.example', false);
  await provisionUser('edsger@example.com', 'Edsger', 'Dijkstra', 'ewd@example.com', true);
  const group = await scimFetch(`${t.baseUrl}/Groups`, t.token, {
    body: { schemas: [GROUP], displayName: 'Pioneers', members: [{ value: ids.get('ada@example.com') }, { value: ids.get('grace@example.com') }, { value: ids.get('alan@example.com') }] },
  });
  expect(group.status).toBe(201);
  ids.set('Pioneers', group.body.id);
  const empty = await scimFetch(`${t.baseUrl}/Groups`, t.token, { body: { schemas: [GROUP], displayName: 'Empty group' } });
  ids.set('Empty group', empty.body.id);
});
afterAll(() => host.close());

function userNames(answer: { body: { items: { userName: string }[] } }): string[] {
  return answer.body.items.map((u) => u.userName);
}

describe('admin API: users', () => {
  it('lists users by userName with the total, and pages on the server', async () => {
    const all = await admin.request(`api/tenants/${t.tenantId}/users`);
    expect(all.status).toBe(200);
    expect(all.body.totalResults).toBe(4);
    expect(userNames(all)).toEqual(['ada@example.com', 'alan@example.com', 'edsger@example.com', 'grace@example.com']);
    expect(all.body.items[0]).toMatchObject({ displayName: 'Ada Lovelace', name: 'Ada Lovelace', email: 'ada.lovelace@math.example', active: true });
    const page2 = await admin.request(`api/tenants/${t.tenantId}/users?startIndex=3&count=2`);
    expect(page2.body).toMatchObject({ totalResults: 4, startIndex: 3, itemsPerPage: 2 });
    expect(userNames(page2)).toEqual(['edsger@example.com', 'grace@example.com']);
    const past = await admin.request(`api/tenants/${t.tenantId}/users?startIndex=9`);
    expect(past.body).toMatchObject({ totalResults: 4, itemsPerPage: 0, items: [] });
  });

  it('searches by prefix of userName, given or family name and email, case-insensitively', async () => {
    const search = async (q: string): Promise<string[]> => userNames(await admin.request(`api/tenants/${t.tenantId}/users?q=${encodeURIComponent(q)}`));
    expect(await search('GRA')).toEqual(['grace@example.com']);
    expect(await search('turing')).toEqual(['alan@example.com']);
    expect(await search('admiral@')).toEqual(['grace@example.com']);
    expect(await search('a')).toEqual(['ada@example.com', 'alan@example.com', 'grace@example.com']);
    expect(await search('al')).toEqual(['alan@example.com']);
    expect(await search('%')).toEqual([]);
    expect(await search('_da')).toEqual([]);
  });

  it('takes a raw SCIM filter and explains a bad one', async () => {
    const inactive = await admin.request(`api/tenants/${t.tenantId}/users?filter=${encodeURIComponent('active eq false')}`);
    expect(userNames(inactive)).toEqual(['alan@example.com']);
    const byEmail = await admin.request(`api/tenants/${t.tenantId}/users?filter=${encodeURIComponent('emails[type eq "work" and value ew "navy.example"]')}`);
    expect(userNames(byEmail)).toEqual(['grace@example.com']);
    const bad = await admin.request(`api/tenants/${t.tenantId}/users?filter=${encodeURIComponent('userName eq')}`);
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatchObject({ code: 'bad_request', field: 'filter' });
    expect(bad.body.error.message).toMatch(/position/);
  });

  it('sorts by the allowed keys in both directions and refuses others', async () => {
    const byFamily = await admin.request(`api/tenants/${t.tenantId}/users?sortBy=familyName&sortOrder=descending`);
    expect(userNames(byFamily)).toEqual(['alan@example.com', 'ada@example.com', 'grace@example.com', 'edsger@example.com']);
    const bad = await admin.request(`api/tenants/${t.tenantId}/users?sortBy=password`);
    expect(bad.status).toBe(400);
    expect(bad.body.error.field).toBe('sortBy');
    expect((await admin.request(`api/tenants/${t.tenantId}/users?count=5000`)).body.error.field).toBe('count');
  });

  it('shows one user as its full SCIM document with its groups', async () => {
    const id = ids.get('ada@example.com')!;
    const detail = await admin.request(`api/tenants/${t.tenantId}/users/${id}`);
    expect(detail.status).toBe(200);
    expect(detail.body.resource).toMatchObject({
      id,
      userName: 'ada@example.com',
      schemas: [USER],
      name: { givenName: 'Ada', familyName: 'Lovelace' },
      meta: { resourceType: 'User', version: expect.stringMatching(/^W\/"\d+"$/) },
      groups: [{ value: ids.get('Pioneers'), display: 'Pioneers', type: 'direct' }],
    });
    expect(detail.body.resource.meta.location).toMatch(new RegExp(`/${t.tenantId}/v2/Users/${id}$`));
    expect(detail.body.groups).toEqual([{ id: ids.get('Pioneers'), displayName: 'Pioneers', type: 'direct', via: [] }]);
    expect((await admin.request(`api/tenants/${t.tenantId}/users/00000000-0000-4000-8000-000000000000`)).status).toBe(404);
    expect((await admin.request(`api/tenants/${t.tenantId}/users/not-a-uuid`)).status).toBe(404);
  });
});

describe('admin API: groups', () => {
  it('lists groups with member counts and searches them by prefix', async () => {
    const list = await admin.request(`api/tenants/${t.tenantId}/groups`);
    expect(list.body.totalResults).toBe(2);
    expect(list.body.items.map((g: { displayName: string; memberCount: number }) => [g.displayName, g.memberCount])).toEqual([
      ['Empty group', 0],
      ['Pioneers', 3],
    ]);
    const found = await admin.request(`api/tenants/${t.tenantId}/groups?q=pio`);
    expect(found.body.items.map((g: { id: string }) => g.id)).toEqual([ids.get('Pioneers')]);
    const filtered = await admin.request(`api/tenants/${t.tenantId}/groups?filter=${encodeURIComponent('displayName sw "Emp"')}`);
    expect(filtered.body.items.map((g: { id: string }) => g.id)).toEqual([ids.get('Empty group')]);
  });

  it('shows a group and pages its members with their names', async () => {
    const id = ids.get('Pioneers')!;
    const detail = await admin.request(`api/tenants/${t.tenantId}/groups/${id}`);
    expect(detail.body.summary).toMatchObject({ id, displayName: 'Pioneers', memberCount: 3 });
    expect(detail.body.resource).toMatchObject({ id, displayName: 'Pioneers', meta: { resourceType: 'Group' } });
    const first = await admin.request(`api/tenants/${t.tenantId}/groups/${id}/members?count=2`);
    const second = await admin.request(`api/tenants/${t.tenantId}/groups/${id}/members?count=2&startIndex=3`);
    expect(first.body).toMatchObject({ totalResults: 3, itemsPerPage: 2 });
    expect(second.body).toMatchObject({ totalResults: 3, itemsPerPage: 1 });
    const names = [...first.body.items, ...second.body.items].map((m: { name: string }) => m.name).sort();
    expect(names).toEqual(['ada@example.com', 'alan@example.com', 'grace@example.com']);
    expect(first.body.items[0]).toMatchObject({ type: 'User', active: expect.any(Boolean) });
    expect((await admin.request(`api/tenants/${t.tenantId}/groups/00000000-0000-4000-8000-000000000000/members`)).status).toBe(404);
  });
});

describe('admin API: removing provisioned resources', () => {
  it('removes a user only with confirmation, takes it out of its groups and records the change', async () => {
    const id = ids.get('grace@example.com')!;
    const unconfirmed = await admin.request(`api/tenants/${t.tenantId}/users/${id}`, { method: 'DELETE' });
    expect(unconfirmed.status).toBe(400);
    expect(errorCode(unconfirmed)).toBe('confirmation_required');
    const groupBefore = await scimFetch(`${t.baseUrl}/Groups/${ids.get('Pioneers')}`, t.token);
    const removed = await admin.request(`api/tenants/${t.tenantId}/users/${id}`, { method: 'DELETE', body: { confirm: true } });
    expect(removed.status).toBe(204);
    expect((await scimFetch(`${t.baseUrl}/Users/${id}`, t.token)).status).toBe(404);
    const groupAfter = await scimFetch(`${t.baseUrl}/Groups/${ids.get('Pioneers')}`, t.token);
    expect(groupAfter.body.members.map((m: { value: string }) => m.value)).not.toContain(id);
    expect(groupAfter.headers.get('etag')).not.toBe(groupBefore.headers.get('etag'));
    const changes = await host.knex('scim_changes').where({ tenant_id: t.tenantId }).whereIn('type', ['user.deleted', 'group.member_removed']).select('type', 'resource_id', 'data');
    expect(changes).toEqual(
      expect.arrayContaining([
        { type: 'user.deleted', resource_id: id, data: { userName: 'grace@example.com', externalId: null, active: true, source: 'admin' } },
        { type: 'group.member_removed', resource_id: ids.get('Pioneers'), data: { memberId: id, memberType: 'User', source: 'admin' } },
      ]),
    );
    expect((await admin.request(`api/tenants/${t.tenantId}/users/${id}`, { method: 'DELETE', body: { confirm: true } })).status).toBe(404);
  });

  it('removes a group with confirmation', async () => {
    const id = ids.get('Empty group')!;
    expect((await admin.request(`api/tenants/${t.tenantId}/groups/${id}`, { method: 'DELETE', body: { confirm: 'yes' } })).status).toBe(400);
    expect((await admin.request(`api/tenants/${t.tenantId}/groups/${id}`, { method: 'DELETE', body: { confirm: true } })).status).toBe(204);
    expect((await scimFetch(`${t.baseUrl}/Groups/${id}`, t.token)).status).toBe(404);
  });
});
