import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ScimError } from '../../../lib/scim/errors.js';
import { SCIM_PREFIX, startTestHost, type TestHost } from '../../support/http-host.js';
import { ProvisioningClient } from './provisioning-client.js';

const PUBLIC_URL = `https://id.example.com${SCIM_PREFIX}`;

let host: TestHost;
let tenantId: string;
let otherTenantId: string;
let idp: ProvisioningClient;
const ids: Record<string, string> = {};

beforeAll(async () => {
  host = await startTestHost({ publicUrl: PUBLIC_URL });
  const tenant = await host.createTenant('Read API');
  tenantId = tenant.tenantId;
  idp = new ProvisioningClient(tenant.baseUrl, tenant.token);
  const other = await host.createTenant('Other');
  otherTenantId = other.tenantId;
  // The other tenant has a user of the same name: nothing of it may show through.
  await new ProvisioningClient(other.baseUrl, other.token).createUser('ada');

  ids.ada = await idp.createUser('ada', { externalId: 'ext-ada', displayName: 'Ada Lovelace', emails: [{ value: 'Ada@Example.com', type: 'work', primary: true }] });
  ids.bob = await idp.createUser('bob', { externalId: 'ext-bob', active: false });
  ids.carol = await idp.createUser('carol', { emails: [{ value: 'shared@example.com', type: 'work' }] });
  ids.dave = await idp.createUser('dave', { emails: [{ value: 'SHARED@example.com', type: 'home' }] });
  ids.platform = await idp.createGroup('Platform', [ids.bob!, ids.carol!], { externalId: 'ext-platform' });
  ids.engineering = await idp.createGroup('Engineering', [ids.ada!, ids.platform!]);
  ids.everyone = await idp.createGroup('Everyone', [ids.engineering!, ids.carol!]);
});
afterAll(() => host.close());

const users = () => host.directory.directory.users;
const groups = () => host.directory.directory.groups;

describe('users by key', () => {
  it('renders a user exactly as GET /Users/<id> does', async () => {
    const viaHttp = await idp.call(`/Users/${ids.ada}`);
    expect(await users().get(tenantId, ids.ada!)).toEqual(viaHttp.body);
    expect(viaHttp.body.groups).toEqual([expect.objectContaining({ value: ids.engineering, display: 'Engineering', type: 'direct' })]);
  });

  it('finds by userName case-insensitively, by externalId exactly, and stays in its tenant', async () => {
    expect((await users().findByUserName(tenantId, 'ADA'))?.id).toBe(ids.ada);
    expect((await users().findByExternalId(tenantId, 'ext-bob'))?.id).toBe(ids.bob);
    expect(await users().findByExternalId(tenantId, 'EXT-BOB')).toBeUndefined();
    expect(await users().get(otherTenantId, ids.ada!)).toBeUndefined();
    expect((await users().findByUserName(otherTenantId, 'ada'))?.id).not.toBe(ids.ada);
    expect(await users().get(tenantId, 'not-a-uuid')).toBeUndefined();
  });

  it('finds every user with an e-mail address, case-insensitively', async () => {
    expect((await users().findByEmail(tenantId, 'ada@example.COM')).map((u) => u.id)).toEqual([ids.ada]);
    expect((await users().findByEmail(tenantId, 'shared@example.com')).map((u) => u.id)).toEqual([ids.carol, ids.dave]);
    expect(await users().findByEmail(tenantId, 'nobody@example.com')).toEqual([]);
  });

  it('projects with attributes and excludedAttributes as the SCIM API does', async () => {
    const slim = await users().get(tenantId, ids.ada!, { attributes: ['userName'] });
    expect(slim).toEqual({ schemas: expect.any(Array), id: ids.ada, userName: 'ada' });
    const withoutGroups = await users().get(tenantId, ids.ada!, { excludedAttributes: 'groups,emails' });
    expect(withoutGroups?.groups).toBeUndefined();
    expect(withoutGroups?.emails).toBeUndefined();
    expect(withoutGroups?.displayName).toBe('Ada Lovelace');
  });
});

describe('listing, counting and iterating users', () => {
  it('lists with a SCIM filter, the active option, sorting and paging with exact totals', async () => {
    const page = await users().list(tenantId, { filter: 'emails.value ew "@example.com"', sortBy: 'userName', sortOrder: 'descending', count: 2 });
    expect(page.totalResults).toBe(4);
    expect(page.itemsPerPage).toBe(2);
    expect(page.resources.map((u) => u.userName)).toEqual(['dave', 'carol']);
    const second = await users().list(tenantId, { filter: 'emails.value ew "@example.com"', sortBy: 'userName', sortOrder: 'descending', count: 2, startIndex: 3 });
    expect(second.resources.map((u) => u.userName)).toEqual(['bob', 'ada']);
    const inactive = await users().list(tenantId, { active: false });
    expect(inactive.resources.map((u) => u.userName)).toEqual(['bob']);
    expect(await users().count(tenantId)).toBe(4);
    expect(await users().count(tenantId, { active: true, filter: 'userName sw "c" or userName sw "d"' })).toBe(2);
  });

  it('refuses a bad filter with the SCIM error naming where', async () => {
    const failure = await users().list(tenantId, { filter: 'userName eq' }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ScimError);
    expect(failure).toMatchObject({ status: 400, scimType: 'invalidFilter' });
    await expect(users().count(tenantId, { filter: 'shoeSize gt 3' })).rejects.toMatchObject({ status: 400, scimType: 'invalidFilter' });
  });

  it('iterates every user in creation order in batches', async () => {
    const seen: string[] = [];
    for await (const user of users().iterate(tenantId, { batchSize: 3, attributes: ['userName'] })) seen.push(String(user.userName));
    expect(seen).toEqual(['ada', 'bob', 'carol', 'dave']);
    const active: string[] = [];
    for await (const user of users().iterate(tenantId, { batchSize: 1, active: true })) active.push(String(user.userName));
    expect(active).toEqual(['ada', 'carol', 'dave']);
  });
});

describe('memberships through nested groups', () => {
  it("gives a user's groups, direct and indirect", async () => {
    expect(await users().groups(tenantId, ids.bob!)).toEqual([
      { id: ids.engineering, displayName: 'Engineering', externalId: null, type: 'indirect' },
      { id: ids.everyone, displayName: 'Everyone', externalId: null, type: 'indirect' },
      { id: ids.platform, displayName: 'Platform', externalId: 'ext-platform', type: 'direct' },
    ]);
    // Carol is a direct member of Everyone and, through Platform and Engineering, an indirect one too: direct wins.
    expect((await users().groups(tenantId, ids.carol!)).map((g) => [g.displayName, g.type])).toEqual([
      ['Engineering', 'indirect'],
      ['Everyone', 'direct'],
      ['Platform', 'direct'],
    ]);
    expect((await users().groups(tenantId, ids.bob!, { transitive: false })).map((g) => g.displayName)).toEqual(['Platform']);
    expect(await users().groups(otherTenantId, ids.bob!)).toEqual([]);
  });

  it("pages a group's members, direct or at any depth, users or groups only", async () => {
    const direct = await groups().members(tenantId, ids.everyone!);
    expect(direct.members.map((m) => m.id).sort()).toEqual([ids.carol, ids.engineering].sort());
    expect(direct.next).toBeUndefined();
    const everyUser = await groups().members(tenantId, ids.everyone!, { transitive: true, type: 'User' });
    expect(everyUser.members.map((m) => m.display).sort()).toEqual(['Ada Lovelace', 'bob', 'carol']);
    expect(everyUser.members.find((m) => m.id === ids.carol)?.membership).toBe('direct');
    expect(everyUser.members.find((m) => m.id === ids.bob)?.membership).toBe('indirect');

    const paged: string[] = [];
    let after: string | undefined;
    do {
      const page = await groups().members(tenantId, ids.everyone!, { transitive: true, limit: 2, ...(after ? { after } : {}) });
      expect(page.members.length).toBeLessThanOrEqual(2);
      paged.push(...page.members.map((m) => m.id));
      after = page.next;
    } while (after);
    expect(paged).toEqual([...paged].sort());
    expect(new Set(paged)).toEqual(new Set([ids.carol, ids.engineering, ids.ada, ids.platform, ids.bob]));
    expect(await groups().memberCount(tenantId, ids.everyone!, { transitive: true })).toBe(5);
    expect(await groups().memberCount(tenantId, ids.everyone!, { transitive: true, type: 'Group' })).toBe(2);
    expect(await groups().memberCount(tenantId, ids.everyone!)).toBe(2);
  });

  it('checks membership, walking up from the member', async () => {
    expect(await groups().hasMember(tenantId, ids.everyone!, ids.bob!)).toBe(true);
    expect(await groups().hasMember(tenantId, ids.everyone!, ids.bob!, { transitive: false })).toBe(false);
    expect(await groups().hasMember(tenantId, ids.platform!, ids.ada!)).toBe(false);
    expect(await groups().hasMember(otherTenantId, ids.everyone!, ids.bob!)).toBe(false);
    expect((await groups().parents(tenantId, ids.platform!)).map((g) => [g.displayName, g.type])).toEqual([
      ['Engineering', 'direct'],
      ['Everyone', 'indirect'],
    ]);
  });

  it('refuses a member page cursor or limit that is not one', async () => {
    await expect(groups().members(tenantId, ids.everyone!, { after: 'x' })).rejects.toThrow(TypeError);
    await expect(groups().members(tenantId, ids.everyone!, { limit: 0 })).rejects.toThrow(/limit/);
  });
});

describe('groups and counts', () => {
  it('renders a group exactly as GET /Groups/<id> does, and finds groups by name and externalId', async () => {
    const viaHttp = await idp.call(`/Groups/${ids.platform}`);
    expect(await groups().get(tenantId, ids.platform!)).toEqual(viaHttp.body);
    expect((await groups().findByDisplayName(tenantId, 'PLATFORM'))?.id).toBe(ids.platform);
    expect((await groups().findByExternalId(tenantId, 'ext-platform'))?.id).toBe(ids.platform);
    const slim = await groups().get(tenantId, ids.platform!, { excludedAttributes: ['members'] });
    expect(slim?.members).toBeUndefined();
    const listed = await groups().list(tenantId, { filter: 'displayName sw "E"', sortBy: 'displayName' });
    expect(listed.resources.map((g) => g.displayName)).toEqual(['Engineering', 'Everyone']);
    expect(await groups().count(tenantId)).toBe(3);
  });

  it('counts users, active users and groups per tenant', async () => {
    expect(await host.directory.directory.counts(tenantId)).toEqual({ users: 4, activeUsers: 3, groups: 3, deletedUsers: 0, deletedGroups: 0 });
    expect(await host.directory.directory.counts(otherTenantId)).toEqual({ users: 1, activeUsers: 1, groups: 0, deletedUsers: 0, deletedGroups: 0 });
  });
});
