/**
 * Entra ID with email as the matching attribute looks a user up by `emails[type eq "work"].value eq "…"` before
 * creating it. The SCIM API answers that request as a list, and the admin's raw-filter search takes the same form.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scimFetch, startTestHost, type TestHost } from '../support/http-host.js';
import { AdminClient } from './admin-api/admin-client.js';

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const LIST = 'urn:ietf:params:scim:api:messages:2.0:ListResponse';
const ENTRA_AGENT = 'Microsoft Azure AD SCIM provisioning 1.0.0';

let host: TestHost;
let tenant: { tenantId: string; token: string; baseUrl: string };
let ryanId: string;

beforeAll(async () => {
  host = await startTestHost();
  tenant = await host.createTenant('Entra email match');
  const ryan = await scimFetch(`${tenant.baseUrl}/Users`, tenant.token, {
    body: { schemas: [USER], userName: 'ryan', emails: [{ value: 'Ryan@Contoso.com', type: 'work', primary: true }, { value: 'ryan@home.example', type: 'home' }] },
  });
  expect(ryan.status).toBe(201);
  ryanId = ryan.body.id;
  const other = await scimFetch(`${tenant.baseUrl}/Users`, tenant.token, {
    body: { schemas: [USER], userName: 'other', emails: [{ value: 'ryan@contoso.com', type: 'home' }] },
  });
  expect(other.status).toBe(201);
});
afterAll(() => host.close());

describe("Entra's lookup by work email", () => {
  it('answers the exact request Entra sends with the one matching user', async () => {
    // As Entra encodes it: brackets and spaces percent-encoded, the value quoted.
    const query = 'filter=emails%5Btype%20eq%20%22work%22%5D.value%20eq%20%22ryan%40contoso.com%22';
    const response = await scimFetch(`${tenant.baseUrl}/Users?${query}`, tenant.token, { headers: { 'user-agent': ENTRA_AGENT } });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ schemas: [LIST], totalResults: 1 });
    expect(response.body.Resources.map((user: { id: string }) => user.id)).toEqual([ryanId]);
  });

  it('finds nobody when no work email matches', async () => {
    const filter = encodeURIComponent('emails[type eq "work"].value eq "nobody@contoso.com"');
    const response = await scimFetch(`${tenant.baseUrl}/Users?filter=${filter}`, tenant.token, { headers: { 'user-agent': ENTRA_AGENT } });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ totalResults: 0, Resources: [] });
  });

  it('names the sub-attribute when it is not one of the attribute', async () => {
    const filter = encodeURIComponent('emails[type eq "work"].street eq "x"');
    const response = await scimFetch(`${tenant.baseUrl}/Users?filter=${filter}`, tenant.token);
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ scimType: 'invalidFilter', detail: expect.stringContaining("'street'") });
  });

  it('is taken by the admin raw-filter search', async () => {
    const admin = new AdminClient(`${host.origin}/admin/`);
    await admin.session();
    const filter = encodeURIComponent('emails[type eq "work"].value eq "ryan@contoso.com"');
    const answer = await admin.request(`api/tenants/${tenant.tenantId}/users?filter=${filter}`);
    expect(answer.status).toBe(200);
    expect(answer.body.items.map((user: { id: string }) => user.id)).toEqual([ryanId]);
  });
});
