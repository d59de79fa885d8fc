/**
 * Named credentials, OAuth clients and federation trusts on a host knex that renames result keys to camelCase
 * (`postProcessResponse`) and maps camelCase identifiers to snake_case (`wrapIdentifier`), as objection's
 * knexSnakeCaseMappers do: every store of these credentials reads its rows through resultRows.
 */
import { randomUUID } from 'node:crypto';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JWT_BEARER_ASSERTION } from '../../../lib/tenants/federated-trusts-service.js';
import knexFactory, { type Knex } from 'knex';
import { inject } from 'vitest';
import { SCIM_PREFIX, scimFetch, startTestHost, type TestHost } from '../../support/http-host.js';
import { basic, tokenRequest } from './oauth-fixture.js';

const camel = (key: string): string => key.replace(/_([a-z0-9])/g, (_match, letter: string) => letter.toUpperCase());
const snake = (key: string): string => key.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);

function camelRows(result: unknown): unknown {
  const rename = (row: unknown): unknown =>
    typeof row === 'object' && row !== null && !Array.isArray(row) && !(row instanceof Date)
      ? Object.fromEntries(Object.entries(row).map(([key, value]) => [camel(key), value]))
      : row;
  if (Array.isArray(result)) return result.map(rename);
  if (typeof result === 'object' && result !== null && Array.isArray((result as { rows?: unknown }).rows)) {
    return { ...result, rows: (result as { rows: unknown[] }).rows.map(rename) };
  }
  return rename(result);
}

describe('credentials on a camelCase host knex', () => {
  let host: TestHost;
  let knex: Knex;
  beforeAll(async () => {
    knex = knexFactory({
      client: 'pg',
      connection: inject('databaseUrl'),
      pool: { min: 0, max: 4 },
      postProcessResponse: camelRows,
      wrapIdentifier: (value, origImpl) => origImpl(snake(value)),
    });
    host = await startTestHost({ knex });
  });
  afterAll(async () => {
    await host.close();
    await knex.destroy();
  });

  it('names, rotates and verifies tokens, grants client and federation tokens, and lists them', async () => {
    const { tenants, oauthClients, trusts } = host.directory;
    const { tenant, credential } = await tenants.create('Camel keys', { tokenName: 'Entra production' });
    expect(credential.credential).toMatchObject({ name: 'Entra production', kind: 'token' });
    const rotated = await tenants.rotate(tenant.id, credential.credential.id, { expireOldAfterMs: 60_000 });
    expect(rotated!.credential.name).toBe('Entra production');
    expect((await tenants.verify(tenant.id, rotated!.token)).credential).toEqual({ name: 'Entra production', kind: 'token' });

    const client = await oauthClients.create(tenant.id, 'Okta staging');
    const tokenUrl = `${host.origin}${SCIM_PREFIX}/${tenant.id}/oauth/token`;
    const granted = await tokenRequest(tokenUrl, { grant_type: 'client_credentials' }, { authorization: basic(client!.client.clientId, client!.clientSecret) });
    expect(granted.status, granted.text).toBe(200);
    expect((await scimFetch(`${host.scimUrl(tenant.id)}/Users`, granted.body.access_token)).status).toBe(200);
    const [listed] = await oauthClients.list(tenant.id);
    expect(listed).toMatchObject({ name: 'Okta staging', active: true });
    expect(listed!.lastUsedAt).toBeInstanceOf(Date);

    const { privateKey, publicKey } = await generateKeyPair('ES256');
    await trusts.create(tenant.id, { name: 'CI', issuer: 'https://ci.example', subject: 'job', audience: 'scim', algorithm: 'ES256', jwks: { keys: [{ ...(await exportJWK(publicKey)), kid: 'k' }] } });
    const now = Math.floor(Date.now() / 1000);
    const jwt = await new SignJWT({ iss: 'https://ci.example', sub: 'job', aud: 'scim', exp: now + 300, jti: randomUUID() }).setProtectedHeader({ alg: 'ES256', kid: 'k' }).sign(privateKey);
    const federated = await tokenRequest(tokenUrl, { grant_type: 'client_credentials', client_assertion_type: JWT_BEARER_ASSERTION, client_assertion: jwt });
    expect(federated.status, federated.text).toBe(200);
    expect((await tokenRequest(tokenUrl, { grant_type: 'client_credentials', client_assertion_type: JWT_BEARER_ASSERTION, client_assertion: jwt })).status).toBe(401);
    expect((await trusts.list(tenant.id))[0]).toMatchObject({ name: 'CI', issuer: 'https://ci.example', active: true });
  });
});
