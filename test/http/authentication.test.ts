import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scimFetch, startTestHost, SCIM_PREFIX, type TestHost } from '../support/http-host.js';

let host: TestHost;
let a: { tenantId: string; token: string; baseUrl: string };
let b: { tenantId: string; token: string; baseUrl: string };

beforeAll(async () => {
  host = await startTestHost({ bodyLimit: 2048 });
  a = await host.createTenant('A');
  b = await host.createTenant('B');
});
afterAll(() => host.close());

function expect401(response: Awaited<ReturnType<typeof scimFetch>>): void {
  expect(response.status).toBe(401);
  expect(response.headers.get('content-type')).toMatch(/^application\/scim\+json/);
  expect(response.headers.get('www-authenticate')).toBe('Bearer realm="SCIM"');
  expect(response.body).toEqual({
    schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'],
    status: '401',
    detail: expect.any(String),
  });
}

describe('SCIM authentication', () => {
  it('answers 401 with a SCIM body without a token, with a malformed header, or with a wrong token', async () => {
    expect401(await scimFetch(`${a.baseUrl}/Users`, undefined));
    expect401(await scimFetch(`${a.baseUrl}/Users`, undefined, { headers: { authorization: 'Basic dXNlcjpwYXNz' } }));
    expect401(await scimFetch(`${a.baseUrl}/Users`, undefined, { headers: { authorization: `Bearer` } }));
    expect401(await scimFetch(`${a.baseUrl}/Users`, 'scimdir_notatoken'));
  });

  it("refuses another tenant's token, the same way as an unknown tenant", async () => {
    const crossed = await scimFetch(`${a.baseUrl}/Users`, b.token);
    const unknown = await scimFetch(host.scimUrl('zzzzzzzzzzzz') + '/Users', b.token);
    const garbage = await scimFetch(host.scimUrl("a'b") + '/Users', b.token);
    expect401(crossed);
    expect401(unknown);
    expect401(garbage);
    expect(unknown.body).toEqual(crossed.body);
  });

  it('refuses a disabled tenant and a revoked token', async () => {
    const c = await host.createTenant('C');
    expect((await scimFetch(`${c.baseUrl}/Users`, c.token)).status).not.toBe(401);
    await host.directory.tenants.setEnabled(c.tenantId, false);
    expect401(await scimFetch(`${c.baseUrl}/Users`, c.token));
    await host.directory.tenants.setEnabled(c.tenantId, true);
    const [credential] = await host.directory.tenants.listCredentials(c.tenantId);
    await host.directory.tenants.revoke(c.tenantId, credential!.id);
    expect401(await scimFetch(`${c.baseUrl}/Users`, c.token));
  });

  it('accepts the token of the tenant in the URL', async () => {
    const response = await scimFetch(`${a.baseUrl}/ServiceProviderConfig`, a.token);
    expect(response.status).not.toBe(401);
  });
});

describe('SCIM request bodies', () => {
  it('answers malformed JSON with 400 invalidSyntax', async () => {
    const response = await scimFetch(`${a.baseUrl}/Users`, a.token, { method: 'POST', rawBody: '{"userName": ' });
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toMatch(/^application\/scim\+json/);
    expect(response.body).toMatchObject({ schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: '400', scimType: 'invalidSyntax' });
  });

  it('parses application/json as well as application/scim+json', async () => {
    const response = await scimFetch(`${a.baseUrl}/Users`, a.token, { method: 'POST', rawBody: '{"userName": ', headers: { 'content-type': 'application/json' } });
    expect(response.body?.scimType).toBe('invalidSyntax');
  });

  it('answers a body over the limit with 413 and a SCIM error body', async () => {
    const response = await scimFetch(`${a.baseUrl}/Users`, a.token, { method: 'POST', body: { userName: 'x'.repeat(4096) } });
    expect(response.status).toBe(413);
    expect(response.body).toMatchObject({ schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: '413' });
  });

  it('answers unknown paths under the router with a SCIM 404, not HTML', async () => {
    const response = await scimFetch(`${host.origin}${SCIM_PREFIX}/nothing-here`, a.token);
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toMatch(/^application\/scim\+json/);
  });

  it('echoes a request id and logs the request without the token', async () => {
    const response = await scimFetch(`${a.baseUrl}/Users`, a.token, { headers: { 'x-request-id': 'req-abc-123' } });
    expect(response.headers.get('x-request-id')).toBe('req-abc-123');
    const logger = host.directory.options.logger as unknown as { lines: { message: string; meta?: Record<string, unknown> }[] };
    const line = logger.lines.find((l) => l.meta?.requestId === 'req-abc-123');
    expect(line?.meta).toMatchObject({ tenantId: a.tenantId, method: 'GET', status: response.status });
    expect(JSON.stringify(logger.lines)).not.toContain(a.token);
  });
});
