/**
 * Workload identity federation at the token endpoint (RFC 7523 §2.2 client assertions) on both databases: keys
 * from a local HTTPS JWKS server (keys and certificate made at test time) or pasted; Entra ID's claim shape; the
 * pinned algorithm, iss/sub/aud/exp/nbf/tid checks, replay refusal, and JWKS URLs only from allowed hosts.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose';
import type { Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FederatedTrustsService, JWT_BEARER_ASSERTION } from '../../../lib/tenants/federated-trusts-service.js';
import { JwksFetcher } from '../../../lib/tenants/jwks-fetcher.js';
import { newTrustId } from '../../../lib/tenants/secrets.js';
import { SCIM_PREFIX, scimFetch, startTestHost, type TestHost } from '../../support/http-host.js';
import { startJwksServer, type JwksServer } from './jwks-server.js';
import { DATABASES, tokenRequest } from './oauth-fixture.js';

const ENTRA = JSON.parse(readFileSync(new URL('../../fixtures/entra/workload-identity-assertion.json', import.meta.url), 'utf8')) as {
  claims: { aud: string; iss: string; sub: string; tid: string } & Record<string, unknown>;
};

interface SigningKey {
  readonly privateKey: CryptoKey;
  readonly jwk: JWK;
  readonly kid: string;
}

async function signingKey(alg: 'RS256' | 'ES256'): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
  const kid = randomUUID();
  return { privateKey, kid, jwk: { ...(await exportJWK(publicKey)), kid, alg, use: 'sig' } };
}

/** An assertion with Entra's claims, changed by `claims`, signed with `key`. */
async function assertion(key: SigningKey, claims: Record<string, unknown> = {}, alg = 'RS256'): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ ...ENTRA.claims, iat: now, nbf: now, exp: now + 600, jti: randomUUID(), ...claims })
    .setProtectedHeader({ alg, typ: 'JWT', kid: key.kid })
    .sign(key.privateKey);
}

const form = (jwt: string, extra: Record<string, string> = {}): Record<string, string> => ({
  grant_type: 'client_credentials',
  client_assertion_type: JWT_BEARER_ASSERTION,
  client_assertion: jwt,
  ...extra,
});

describe.each(DATABASES)('workload identity federation on %s', (_name, open, migrate) => {
  let jwks: JwksServer;
  let host: TestHost;
  let knex: Knex;
  let rsa: SigningKey;
  let tenant: { tenantId: string; token: string; baseUrl: string; tokenUrl: string; trustId: string };

  beforeAll(async () => {
    jwks = await startJwksServer();
    rsa = await signingKey('RS256');
    jwks.sets.set('/keys', { keys: [rsa.jwk] });
    knex = open();
    host = await startTestHost({ knex, jwksAllowedHosts: [jwks.host], jwksCa: jwks.ca });
    if (migrate) await host.directory.migrate();
    const t = await host.createTenant('Federated');
    const trust = await host.directory.trusts.create(t.tenantId, {
      name: 'Entra workload identity',
      issuer: ENTRA.claims.iss,
      subject: ENTRA.claims.sub,
      audience: ENTRA.claims.aud,
      tenantClaim: ENTRA.claims.tid,
      jwksUrl: jwks.url('/keys'),
    });
    tenant = { ...t, tokenUrl: `${host.origin}${SCIM_PREFIX}/${t.tenantId}/oauth/token`, trustId: trust!.id };
  });
  afterAll(async () => {
    await host.close();
    await knex.destroy();
    await jwks.close();
  });

  it('issues an access token for an Entra-shaped assertion, usable on this tenant only, and refuses its replay', async () => {
    const jwt = await assertion(rsa);
    const granted = await tokenRequest(tenant.tokenUrl, form(jwt, { client_id: tenant.trustId }));
    expect(granted.status, granted.text).toBe(200);
    expect(granted.headers.get('cache-control')).toBe('no-store');
    expect(granted.body).toMatchObject({ token_type: 'Bearer', expires_in: 3600 });
    expect((await scimFetch(`${tenant.baseUrl}/Users`, granted.body.access_token)).status).toBe(200);
    const other = await host.createTenant('Not federated');
    expect((await scimFetch(`${other.baseUrl}/Users`, granted.body.access_token)).status).toBe(401);

    const replay = await tokenRequest(tenant.tokenUrl, form(jwt));
    expect(replay.status).toBe(401);
    expect(replay.body).toEqual({ error: 'invalid_client', error_description: expect.stringContaining('already used') });
    expect(replay.headers.get('www-authenticate')).toMatch(/^Basic/);
    const [listed] = await host.directory.trusts.list(tenant.tenantId);
    expect(listed).toMatchObject({ name: 'Entra workload identity', kind: 'federated_trust', active: true });
    expect(listed!.lastUsedAt).toBeInstanceOf(Date);
  });

  it('refuses assertions whose audience, issuer, tenant, times, algorithm or signature do not match', async () => {
    const es = await signingKey('ES256');
    const now = Math.floor(Date.now() / 1000);
    const stranger = await signingKey('RS256');
    const cases: [string, string, RegExp][] = [
      ['audience', await assertion(rsa, { aud: 'api://someone-else' }), /aud/],
      ['issuer', await assertion(rsa, { iss: 'https://login.microsoftonline.com/00000000-0000-0000-0000-000000000000/v2.0' }), /no active trust/],
      ['subject', await assertion(rsa, { sub: 'another-oid' }), /no active trust/],
      ['tenant claim', await assertion(rsa, { tid: '00000000-0000-0000-0000-000000000000' }), /tid claim/],
      ['expired', await assertion(rsa, { iat: now - 7200, nbf: now - 7200, exp: now - 3600 }), /exp/],
      ['not yet valid', await assertion(rsa, { nbf: now + 3600, exp: now + 7200 }), /nbf/],
      ['no exp', await assertion(rsa, { exp: undefined }), /exp/],
      ['another algorithm', await assertion({ ...es, kid: rsa.kid }, {}, 'ES256'), /alg/i],
      ['an unknown key', await assertion(stranger), /no applicable key|NO_MATCHING_KEY/i],
      ['a forged signature', (await assertion(rsa)).replace(/\.[^.]+$/, '.' + Buffer.from('forged').toString('base64url')), /signature/i],
      ['not a JWT', 'not-a-jwt', /not a JWT/],
    ];
    for (const [what, jwt, reason] of cases) {
      const refused = await tokenRequest(tenant.tokenUrl, form(jwt));
      expect(refused.status, what).toBe(401);
      expect(refused.body.error, what).toBe('invalid_client');
      expect(refused.body.error_description, what).toMatch(reason);
      expect(refused.text, what).not.toContain(jwt.split('.')[2]);
    }
    const wrongType = await tokenRequest(tenant.tokenUrl, form(await assertion(rsa), { client_assertion_type: 'urn:example:saml' }));
    expect(wrongType.body.error).toBe('invalid_request');
    const wrongClient = await tokenRequest(tenant.tokenUrl, form(await assertion(rsa), { client_id: 'scimtrust_someoneelse' }));
    expect(wrongClient.body.error).toBe('invalid_client');
  });

  it('keeps fetched keys cached, and fetches them again when an assertion names a new key id', async () => {
    const before = jwks.hits.get('/keys') ?? 0;
    expect((await tokenRequest(tenant.tokenUrl, form(await assertion(rsa)))).status).toBe(200);
    expect(jwks.hits.get('/keys') ?? 0).toBe(before);

    const rotated = await signingKey('RS256');
    jwks.sets.set('/rotating', { keys: [rsa.jwk] });
    const trust = await host.directory.trusts.create(tenant.tenantId, {
      name: 'Rotating issuer',
      issuer: 'https://issuer.example/rotating',
      subject: 'workload',
      audience: 'scim',
      jwksUrl: jwks.url('/rotating'),
    });
    const claims = { iss: 'https://issuer.example/rotating', sub: 'workload', aud: 'scim', tid: undefined };
    expect((await tokenRequest(tenant.tokenUrl, form(await assertion(rsa, claims)))).status).toBe(200);
    expect(jwks.hits.get('/rotating')).toBe(1);
    // The issuer rotates its keys. Within the refresh interval (30 s by default) an unknown key id does not make
    // the server fetch again, so a stream of made-up key ids cannot turn it into a request loop...
    jwks.sets.set('/rotating', { keys: [rsa.jwk, rotated.jwk] });
    expect((await tokenRequest(tenant.tokenUrl, form(await assertion(rotated, claims)))).status).toBe(401);
    expect(jwks.hits.get('/rotating')).toBe(1);
    // ...and after it, the unknown key id fetches the set once more and the new key verifies.
    const fetcher = new JwksFetcher({ allowedHosts: [jwks.host], ca: jwks.ca, minRefreshMs: 0 });
    const trusts = new FederatedTrustsService(knex, host.directory.tenants, fetcher, [jwks.host], newTrustId);
    jwks.sets.set('/rotating', { keys: [rsa.jwk] });
    expect((await trusts.check(tenant.tenantId, await assertion(rsa, claims), undefined)).ok).toBe(true);
    expect(jwks.hits.get('/rotating')).toBe(2);
    jwks.sets.set('/rotating', { keys: [rsa.jwk, rotated.jwk] });
    expect(await trusts.check(tenant.tenantId, await assertion(rotated, claims), undefined)).toMatchObject({ ok: true, trust: { name: 'Rotating issuer' } });
    expect(jwks.hits.get('/rotating')).toBe(3);
    expect(await host.directory.trusts.revoke(tenant.tenantId, trust!.id)).toBe(true);
  });

  it('fetches no key set from a redirect, a host not allowed, or without HTTPS', async () => {
    const fetcher = new JwksFetcher({ allowedHosts: [jwks.host], ca: jwks.ca });
    await expect(fetcher.get(jwks.url('/redirect'))).rejects.toThrow(/302.*redirects are not followed/);
    await expect(fetcher.get('https://127.0.0.2:1/keys')).rejects.toThrow(/not allowed/);
    await expect(fetcher.get(`http://${jwks.host}/keys`)).rejects.toThrow(/https/);
    expect(jwks.hits.get('/redirect')).toBe(1);
  });

  it('accepts a pasted JWKS, and takes JWKS URLs only over HTTPS from allowed hosts', async () => {
    const es = await signingKey('ES256');
    const pasted = await host.directory.trusts.create(tenant.tenantId, {
      name: 'CI pipeline',
      issuer: 'https://ci.example',
      subject: 'repo:acme/provisioning',
      audience: 'scim-directory',
      algorithm: 'ES256',
      jwks: { keys: [es.jwk] },
    });
    const jwt = await assertion(es, { iss: 'https://ci.example', sub: 'repo:acme/provisioning', aud: 'scim-directory', tid: undefined, jti: undefined }, 'ES256');
    const granted = await tokenRequest(tenant.tokenUrl, form(jwt));
    expect(granted.status, granted.text).toBe(200);
    // Without jti the assertion itself is remembered.
    expect((await tokenRequest(tenant.tokenUrl, form(jwt))).body.error_description).toContain('already used');
    // Revoking the trust ends its access tokens.
    expect(await host.directory.trusts.revoke(tenant.tenantId, pasted!.id)).toBe(true);
    expect((await scimFetch(`${tenant.baseUrl}/Users`, granted.body.access_token)).status).toBe(401);

    const base = { name: 'x', issuer: 'https://i.example', subject: 's', audience: 'a' };
    await expect(host.directory.trusts.create(tenant.tenantId, { ...base, jwksUrl: 'https://169.254.169.254/keys' })).rejects.toThrow(/not allowed/);
    await expect(host.directory.trusts.create(tenant.tenantId, { ...base, jwksUrl: `http://${jwks.host}/keys` })).rejects.toThrow(/https/);
    await expect(host.directory.trusts.create(tenant.tenantId, { ...base, jwks: { keys: [] }, jwksUrl: jwks.url('/keys') })).rejects.toThrow(/not both/);
    await expect(host.directory.trusts.create(tenant.tenantId, { ...base, jwks: { keys: [] }, algorithm: 'HS256' })).rejects.toThrow(/algorithm/);
  });

  it('lists federation in authenticationSchemes', async () => {
    const config = await scimFetch(`${tenant.baseUrl}/ServiceProviderConfig`, tenant.token);
    expect((config.body.authenticationSchemes as { type: string }[]).map((s) => s.type)).toEqual(['oauthbearertoken', 'oauth2']);
  });
});
