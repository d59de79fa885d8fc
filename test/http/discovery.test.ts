import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scimFetch, startTestHost, type TestHost } from '../support/http-host.js';

let host: TestHost;
let tenant: { tenantId: string; token: string; baseUrl: string };

beforeAll(async () => {
  host = await startTestHost({ maxPageSize: 250 });
  tenant = await host.createTenant('Discovery');
});
afterAll(() => host.close());

const call = (path: string, init: Parameters<typeof scimFetch>[2] = {}) => scimFetch(`${tenant.baseUrl}${path}`, tenant.token, init);

describe('discovery endpoints', () => {
  it('/ServiceProviderConfig says what is supported', async () => {
    const response = await call('/ServiceProviderConfig');
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig'],
      patch: { supported: true },
      // RFC 7644 §3.7: Bulk, with the router's body limit as its payload limit.
      bulk: { supported: true, maxOperations: 1000, maxPayloadSize: 1024 * 1024 },
      filter: { supported: true, maxResults: 250 },
      changePassword: { supported: false },
      sort: { supported: true },
      etag: { supported: true },
      // RFC 9865 §4.
      pagination: { cursor: true, index: true, defaultPaginationMethod: 'index', maxPageSize: 250, cursorTimeout: 3600 },
      authenticationSchemes: [expect.objectContaining({ type: 'oauthbearertoken' })],
      meta: { resourceType: 'ServiceProviderConfig', location: `${tenant.baseUrl}/ServiceProviderConfig` },
    });
  });

  it('/ResourceTypes lists User and Group, and each is readable by name', async () => {
    const list = await call('/ResourceTypes');
    expect(list.status).toBe(200);
    expect(list.body.totalResults).toBe(2);
    expect(list.body.Resources.map((r: { name: string }) => r.name).sort()).toEqual(['Group', 'User']);
    const user = await call('/ResourceTypes/User');
    expect(user.body).toMatchObject({ id: 'User', endpoint: '/Users', schema: 'urn:ietf:params:scim:schemas:core:2.0:User' });
    expect(user.body.meta.location).toBe(`${tenant.baseUrl}/ResourceTypes/User`);
    expect((await call('/ResourceTypes/Device')).status).toBe(404);
  });

  it('/Schemas lists the three schemas, readable by URN', async () => {
    const list = await call('/Schemas');
    expect(list.body.Resources.map((s: { id: string }) => s.id).sort()).toEqual([
      'urn:ietf:params:scim:schemas:core:2.0:Group',
      'urn:ietf:params:scim:schemas:core:2.0:User',
      'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User',
    ]);
    const group = await call('/Schemas/urn:ietf:params:scim:schemas:core:2.0:Group');
    expect(group.status).toBe(200);
    expect(group.body.attributes.map((a: { name: string }) => a.name)).toEqual(['displayName', 'members']);
    const missing = await call('/Schemas/urn:example:nothing');
    expect(missing.status).toBe(404);
    expect(missing.body.status).toBe('404');
  });

  it('refuses a filter on discovery endpoints with 403', async () => {
    const response = await call(`/Schemas?filter=${encodeURIComponent('id eq "x"')}`);
    expect(response.status).toBe(403);
    expect(response.body.status).toBe('403');
  });

  it('answers 501 for /Me and 405 with Allow for unsupported methods', async () => {
    const me = await call('/Me');
    expect(me.status).toBe(501);
    expect(me.body).toMatchObject({ status: '501', detail: expect.stringContaining('/Me') });
    for (const [method, path, allow] of [
      ['POST', '/Schemas', 'GET'],
      ['DELETE', '/ServiceProviderConfig', 'GET'],
      ['PUT', '/Users', 'GET, POST'],
      ['POST', '/Users/6b1d3c8e-0000-4000-8000-000000000000', 'GET, PUT, PATCH, DELETE'],
      ['GET', '/Users/.search', 'POST'],
      ['GET', '/.search', 'POST'],
    ] as const) {
      const response = await call(path, { method, body: method === 'GET' || method === 'DELETE' ? undefined : {} });
      expect(response.status, `${method} ${path}`).toBe(405);
      expect(response.headers.get('allow')).toBe(allow);
      expect(response.body).toMatchObject({ schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: '405' });
    }
  });

  it('answers 404 with a SCIM body for unknown endpoints', async () => {
    const response = await call('/Devices');
    expect(response.status).toBe(404);
    expect(response.body.status).toBe('404');
  });
});
