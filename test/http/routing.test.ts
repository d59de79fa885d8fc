/**
 * How the SCIM router matches URLs, as Express's default routing does: paths in any case, an optional trailing
 * slash, `HEAD` served by `GET`, percent-decoded ids and tenant ids, a 400 for a segment that is not valid
 * percent-encoding, and SCIM 404s for anything that is no endpoint (below a tenant only after authentication).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SCIM_PREFIX, scimFetch, startTestHost, type TestHost } from '../support/http-host.js';

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const ERROR = 'urn:ietf:params:scim:api:messages:2.0:Error';

let host: TestHost;
let tenant: { tenantId: string; token: string; baseUrl: string };
let userId: string;

beforeAll(async () => {
  host = await startTestHost();
  tenant = await host.createTenant('Routing');
  const created = await scimFetch(`${tenant.baseUrl}/Users`, tenant.token, { body: { schemas: [USER], userName: 'ada@routing' } });
  userId = created.body.id as string;
});
afterAll(() => host.close());

const call = (path: string, init: Parameters<typeof scimFetch>[2] = {}) => scimFetch(`${tenant.baseUrl}${path}`, tenant.token, init);

describe('SCIM routing', () => {
  it('matches endpoint names and the version in any case, with or without a trailing slash', async () => {
    for (const path of ['/users', '/USERS/', `/Users/${userId}/`, `/uSeRs/${userId}`]) {
      expect((await call(path)).status, path).toBe(200);
    }
    const upper = await scimFetch(`${host.origin}${SCIM_PREFIX}/${tenant.tenantId}/V2/Users/${userId}`, tenant.token);
    expect(upper.status).toBe(200);
    expect(upper.body.id).toBe(userId);
    expect((await call('/Users//')).status).toBe(404);
  });

  it('answers HEAD with the headers of GET and no body', async () => {
    const response = await call(`/Users/${userId}`, { method: 'HEAD' });
    expect(response.status).toBe(200);
    expect(response.headers.get('etag')).toBe('W/"1"');
    expect(response.headers.get('content-type')).toMatch(/^application\/scim\+json/);
    expect(response.text).toBe('');
  });

  it('percent-decodes ids before the endpoint sees them', async () => {
    const user = await call('/Users/a%2Fb%20c');
    expect(user.status).toBe(404);
    expect(user.body.detail).toBe('User "a/b c" not found.');
    const type = await call('/ResourceTypes/%55ser');
    expect(type.status).toBe(200);
    expect(type.body.name).toBe('User');
  });

  it('answers a path segment that is not valid percent-encoding with a SCIM 400 naming it', async () => {
    const id = await call('/Users/%E0%A4%A');
    expect(id.status).toBe(400);
    expect(id.body).toMatchObject({ schemas: [ERROR], status: '400', detail: expect.stringContaining('%E0%A4%A') });
    const tenantId = await scimFetch(`${host.origin}${SCIM_PREFIX}/a%ZZ/v2/Users`, tenant.token);
    expect(tenantId.status).toBe(400);
    expect(tenantId.body).toMatchObject({ schemas: [ERROR], status: '400', detail: expect.stringContaining('a%ZZ') });
  });

  it('answers unknown endpoints below a tenant with 401 before authentication and 404 after', async () => {
    const anonymous = await scimFetch(`${tenant.baseUrl}/Devices`, undefined);
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('www-authenticate')).toBe('Bearer realm="SCIM"');
    for (const path of ['', '/', '/Devices', `/Users/${userId}/extra`]) {
      const response = await call(path);
      expect(response.status, path).toBe(404);
      expect(response.body).toMatchObject({ schemas: [ERROR], status: '404' });
      expect(response.headers.get('x-request-id')).toBeTruthy();
    }
  });

  it('answers paths that are not below a tenant with a SCIM 404', async () => {
    for (const path of ['/', `/${tenant.tenantId}`, `/${tenant.tenantId}/v1/Users`, `/${tenant.tenantId}/v20/Users`, '//v2/Users']) {
      const response = await scimFetch(`${host.origin}${SCIM_PREFIX}${path}`, tenant.token);
      expect(response.status, path).toBe(404);
      expect(response.body).toMatchObject({ schemas: [ERROR], status: '404', detail: expect.stringContaining('<tenant-id>/v2') });
    }
  });
});
