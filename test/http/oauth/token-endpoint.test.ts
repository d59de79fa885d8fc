/**
 * The per-tenant OAuth token endpoint (RFC 6749 §4.4) on both databases: both client authentication methods, the
 * access tokens' reach (this tenant's SCIM endpoints only), every RFC 6749 §5.2 error it answers, no caching.
 */
import { describe, expect, it } from 'vitest';
import { scimFetch } from '../../support/http-host.js';
import { basic, DATABASES, tokenRequest, useOAuthHost } from './oauth-fixture.js';

const GRANT = { grant_type: 'client_credentials' };

describe.each(DATABASES)('OAuth token endpoint on %s', (_name, open, migrate) => {
  const fixture = useOAuthHost(open, migrate);

  it('issues an access token to client_secret_basic and client_secret_post, valid on this tenant only', async () => {
    const { tenant, other } = fixture;
    const viaBasic = await tokenRequest(tenant.tokenUrl, GRANT, { authorization: basic(tenant.clientId, tenant.clientSecret) });
    expect(viaBasic.status, viaBasic.text).toBe(200);
    expect(viaBasic.headers.get('cache-control')).toBe('no-store');
    expect(viaBasic.headers.get('content-type')).toMatch(/^application\/json/);
    expect(viaBasic.body).toEqual({ access_token: expect.stringMatching(/^scimdir_/), token_type: 'Bearer', expires_in: 3600 });
    const viaPost = await tokenRequest(tenant.tokenUrl, { ...GRANT, client_id: tenant.clientId, client_secret: tenant.clientSecret });
    expect(viaPost.status, viaPost.text).toBe(200);
    expect(viaPost.body.access_token).not.toBe(viaBasic.body.access_token);

    for (const accessToken of [viaBasic.body.access_token as string, viaPost.body.access_token as string]) {
      expect((await scimFetch(`${tenant.baseUrl}/Users`, accessToken)).status).toBe(200);
      expect((await scimFetch(`${other.baseUrl}/Users`, accessToken)).status).toBe(401);
    }
    // A client of one tenant gets nothing at another tenant's endpoint.
    const crossed = await tokenRequest(other.tokenUrl, GRANT, { authorization: basic(tenant.clientId, tenant.clientSecret) });
    expect(crossed.status).toBe(401);
    expect(crossed.body.error).toBe('invalid_client');
    // The access tokens are not listed among the tenant's static tokens.
    expect((await fixture.host.directory.tenants.listCredentials(tenant.tenantId)).map((c) => c.kind)).toEqual(['token']);
  });

  it('stores client secrets and access tokens only as digests', async () => {
    const { tenant } = fixture;
    const issued = await tokenRequest(tenant.tokenUrl, GRANT, { authorization: basic(tenant.clientId, tenant.clientSecret) });
    const secrets = JSON.stringify(await fixture.knex('scim_oauth_client_secrets').where({ tenant_id: tenant.tenantId }));
    const credentials = JSON.stringify(await fixture.knex('scim_credentials').where({ tenant_id: tenant.tenantId }));
    expect(secrets).not.toContain(tenant.clientSecret);
    expect(credentials).not.toContain(issued.body.access_token);
    expect(JSON.stringify(await fixture.host.directory.oauthClients.list(tenant.tenantId))).not.toContain(tenant.clientSecret);
  });

  const errors: [string, () => Promise<Awaited<ReturnType<typeof tokenRequest>>>, number, string, RegExp][] = [
    ['no grant_type', () => tokenRequest(fixture.tenant.tokenUrl, {}, { authorization: basic(fixture.tenant.clientId, fixture.tenant.clientSecret) }), 400, 'invalid_request', /grant_type parameter is missing/],
    ['another grant type', () => tokenRequest(fixture.tenant.tokenUrl, { grant_type: 'password', username: 'a', password: 'b' }, { authorization: basic(fixture.tenant.clientId, fixture.tenant.clientSecret) }), 400, 'unsupported_grant_type', /"password" is not supported/],
    ['a JSON body', () => scimFetch(fixture.tenant.tokenUrl, undefined, { body: GRANT, headers: { 'content-type': 'application/json' } }), 400, 'invalid_request', /x-www-form-urlencoded/],
    ['a repeated parameter', () => tokenRequest(fixture.tenant.tokenUrl, 'grant_type=client_credentials&grant_type=client_credentials', { authorization: basic(fixture.tenant.clientId, fixture.tenant.clientSecret) }), 400, 'invalid_request', /"grant_type" is repeated/],
    ['two authentication methods', () => tokenRequest(fixture.tenant.tokenUrl, { ...GRANT, client_secret: fixture.tenant.clientSecret }, { authorization: basic(fixture.tenant.clientId, fixture.tenant.clientSecret) }), 400, 'invalid_request', /authenticated twice/],
    ['client_id differing from Basic', () => tokenRequest(fixture.tenant.tokenUrl, { ...GRANT, client_id: 'scimclient_other' }, { authorization: basic(fixture.tenant.clientId, fixture.tenant.clientSecret) }), 400, 'invalid_request', /differs/],
    ['client_secret without client_id', () => tokenRequest(fixture.tenant.tokenUrl, { ...GRANT, client_secret: 'x' }), 400, 'invalid_request', /without client_id/],
    ['no client authentication', () => tokenRequest(fixture.tenant.tokenUrl, GRANT), 401, 'invalid_client', /send the client id and secret/],
    ['a wrong secret', () => tokenRequest(fixture.tenant.tokenUrl, GRANT, { authorization: basic(fixture.tenant.clientId, 'scimdir_wrong') }), 401, 'invalid_client', /secret of client .* is wrong/],
    ['an unknown client (post)', () => tokenRequest(fixture.tenant.tokenUrl, { ...GRANT, client_id: 'scimclient_nobody', client_secret: 'x' }), 401, 'invalid_client', /no active client "scimclient_nobody"/],
    ['a Bearer header', () => tokenRequest(fixture.tenant.tokenUrl, GRANT, { authorization: `Bearer ${fixture.tenant.token}` }), 401, 'invalid_client', /Basic scheme/],
    ['a malformed Basic header', () => tokenRequest(fixture.tenant.tokenUrl, GRANT, { authorization: `Basic ${Buffer.from('no-colon').toString('base64')}` }), 401, 'invalid_client', /client_id:client_secret/],
    ['an unknown tenant', () => tokenRequest(fixture.tenant.tokenUrl.replace(fixture.tenant.tenantId, 'zzzzzzzzzzzz'), GRANT, { authorization: basic(fixture.tenant.clientId, fixture.tenant.clientSecret) }), 401, 'invalid_client', /Client authentication failed/],
    ['GET', () => scimFetch(fixture.tenant.tokenUrl, undefined), 405, 'invalid_request', /POST only/],
  ];
  it.each(errors)('answers %s as RFC 6749 §5.2 says', async (_case, send, status, error, description) => {
    const answer = await send();
    expect(answer.status, answer.text).toBe(status);
    expect(answer.body).toEqual({ error, error_description: expect.stringMatching(description) });
    expect(answer.headers.get('cache-control')).toBe('no-store');
    expect(answer.headers.get('pragma')).toBe('no-cache');
    if (error === 'invalid_client') expect(answer.headers.get('www-authenticate')).toMatch(/^Basic realm=/);
    if (status === 405) expect(answer.headers.get('allow')).toBe('POST');
    expect(answer.text).not.toContain(fixture.tenant.clientSecret);
  });

  it('answers invalid_grant while the directory is disabled', async () => {
    const t = await fixture.addTenant('Disabled OAuth tenant');
    await fixture.host.directory.tenants.setEnabled(t.tenantId, false);
    const answer = await tokenRequest(t.tokenUrl, GRANT, { authorization: basic(t.clientId, t.clientSecret) });
    expect(answer.status).toBe(400);
    expect(answer.body).toEqual({ error: 'invalid_grant', error_description: expect.stringContaining('disabled') });
    expect(answer.headers.get('cache-control')).toBe('no-store');
  });

  it('rotates a client secret with an overlap, and revoking the client ends its access tokens', async () => {
    const t = await fixture.addTenant('Rotating OAuth tenant');
    const clients = fixture.host.directory.oauthClients;
    const rotated = await clients.rotateSecret(t.tenantId, t.clientId, { expireOldAfterMs: 3_600_000 });
    for (const secret of [t.clientSecret, rotated!.clientSecret]) {
      expect((await tokenRequest(t.tokenUrl, GRANT, { authorization: basic(t.clientId, secret) })).status).toBe(200);
    }
    const stopAtOnce = await clients.rotateSecret(t.tenantId, t.clientId, { expireOldAfterMs: 0 });
    expect((await tokenRequest(t.tokenUrl, GRANT, { authorization: basic(t.clientId, rotated!.clientSecret) })).status).toBe(401);
    const issued = await tokenRequest(t.tokenUrl, GRANT, { authorization: basic(t.clientId, stopAtOnce!.clientSecret) });
    expect((await scimFetch(`${t.baseUrl}/Users`, issued.body.access_token)).status).toBe(200);
    // The tenant's static token is a credential of its own: the client's changes leave it alone.
    expect(await clients.revoke(t.tenantId, t.clientId)).toBe(true);
    expect((await scimFetch(`${t.baseUrl}/Users`, issued.body.access_token)).status).toBe(401);
    expect((await tokenRequest(t.tokenUrl, GRANT, { authorization: basic(t.clientId, stopAtOnce!.clientSecret) })).status).toBe(401);
    expect((await scimFetch(`${t.baseUrl}/Users`, t.token)).status).toBe(200);
    const [listed] = await clients.list(t.tenantId);
    expect(listed).toMatchObject({ name: 'Entra production', kind: 'oauth_client', active: false });
    expect(listed!.revokedAt).toBeInstanceOf(Date);
    expect(await clients.rotateSecret(t.tenantId, t.clientId)).toBeUndefined();
  });

  it('lists the client credentials grant in authenticationSchemes only for tenants with a live client', async () => {
    const { tenant } = fixture;
    const config = await scimFetch(`${tenant.baseUrl}/ServiceProviderConfig`, tenant.token);
    const schemes = config.body.authenticationSchemes as { type: string; description: string }[];
    expect(schemes.map((s) => s.type)).toEqual(['oauthbearertoken', 'oauth2']);
    expect(schemes[1]!.description).toContain(tenant.tokenUrl);
    const plain = await fixture.host.createTenant('No OAuth');
    const plainConfig = await scimFetch(`${plain.baseUrl}/ServiceProviderConfig`, plain.token);
    expect((plainConfig.body.authenticationSchemes as { type: string }[]).map((s) => s.type)).toEqual(['oauthbearertoken']);
  });
});

describe.each(DATABASES)('OAuth in the event log on %s', (_name, open, migrate) => {
  const fixture = useOAuthHost(open, migrate);

  it('records which credential authenticated each request, and refused token requests with their reason but no secret', async () => {
    const { tenant, host } = fixture;
    const granted = await tokenRequest(tenant.tokenUrl, GRANT, { authorization: basic(tenant.clientId, tenant.clientSecret) });
    const accessToken = granted.body.access_token as string;
    await scimFetch(`${tenant.baseUrl}/Users`, accessToken);
    await scimFetch(`${tenant.baseUrl}/Groups`, tenant.token);
    await tokenRequest(tenant.tokenUrl, { ...GRANT, client_id: tenant.clientId, client_secret: 'scimdir_notTheSecret' });
    const answer = await scimFetch(`${host.origin}/admin/api/tenants/${tenant.tenantId}/events?count=10`, undefined);
    expect(answer.status).toBe(200);
    const events = (answer.body.events as { path: string; status: number; credentialName: string | null; credentialKind: string | null; id: string }[]).reverse();
    expect(events.map((e) => [e.path.replace(/^.*\/oauth\//, '/oauth/'), e.status, e.credentialName, e.credentialKind])).toEqual([
      ['/oauth/token', 200, 'Entra production', 'oauth_client'],
      ['/Users', 200, 'Entra production', 'oauth_access'],
      ['/Groups', 200, 'Token', 'token'],
      ['/oauth/token', 401, null, null],
    ]);
    const refused = await scimFetch(`${host.origin}/admin/api/tenants/${tenant.tenantId}/events/${events[3]!.id}`, undefined);
    expect(JSON.parse(refused.body.event.responseBody)).toMatchObject({ error: 'invalid_client', error_description: expect.stringContaining('is wrong') });
    expect(JSON.parse(refused.body.event.requestBody)).toEqual({ grant_type: 'client_credentials', client_id: tenant.clientId, client_authentication: 'client_secret_post' });
    const granted0 = await scimFetch(`${host.origin}/admin/api/tenants/${tenant.tenantId}/events/${events[0]!.id}`, undefined);
    const everything = JSON.stringify([answer.body, refused.body, granted0.body]);
    expect(everything).not.toContain(tenant.clientSecret);
    expect(everything).not.toContain('scimdir_notTheSecret');
    expect(everything).not.toContain(accessToken);
  });
});
