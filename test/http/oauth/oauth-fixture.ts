/**
 * A test host per database for the OAuth token endpoint: the suite's PostgreSQL or a migrated in-memory PGlite, a
 * tenant with an OAuth client, and helpers that post form-encoded token requests.
 */
import { afterAll, beforeAll } from 'vitest';
import type { Knex } from 'knex';
import { memoryPgliteKnex, testKnex } from '../../support/database.js';
import { SCIM_PREFIX, scimFetch, startTestHost, type TestHost } from '../../support/http-host.js';

/** `[name, open, migrate]` for `describe.each`: PostgreSQL is migrated by the global setup, PGlite here. */
export const DATABASES: readonly [string, () => Knex, boolean][] = [
  ['PostgreSQL', () => testKnex(), false],
  ['PGlite', () => memoryPgliteKnex(), true],
];

/** A tenant with one OAuth client. */
export interface OAuthTenant {
  readonly tenantId: string;
  readonly token: string;
  readonly baseUrl: string;
  readonly tokenUrl: string;
  readonly clientId: string;
  readonly clientSecret: string;
}

/** What a test reads; set by the hooks. */
export interface OAuthFixture {
  readonly host: TestHost;
  readonly knex: Knex;
  readonly tenant: OAuthTenant;
  /** Another tenant with a client, to show tokens do not cross tenants. */
  readonly other: OAuthTenant;
  /** Makes a tenant with a client named `clientName`. */
  addTenant(name: string, clientName?: string): Promise<OAuthTenant>;
}

/** Registers the hooks (inside a `describe`). */
export function useOAuthHost(open: () => Knex, migrate: boolean): OAuthFixture {
  const state = {} as { host: TestHost; knex: Knex; tenant: OAuthTenant; other: OAuthTenant; addTenant: OAuthFixture['addTenant'] };
  state.addTenant = async (name, clientName = 'Entra production') => {
    const t = await state.host.createTenant(name);
    const created = await state.host.directory.oauthClients.create(t.tenantId, clientName);
    return {
      ...t,
      tokenUrl: `${state.host.origin}${SCIM_PREFIX}/${t.tenantId}/oauth/token`,
      clientId: created!.client.clientId,
      clientSecret: created!.clientSecret,
    };
  };
  beforeAll(async () => {
    state.knex = open();
    state.host = await startTestHost({ knex: state.knex });
    if (migrate) await state.host.directory.migrate();
    state.tenant = await state.addTenant('OAuth tenant');
    state.other = await state.addTenant('Other OAuth tenant', 'Okta staging');
  });
  afterAll(async () => {
    await state.host.close();
    await state.knex.destroy();
  });
  return state;
}

/** HTTP Basic credentials as RFC 6749 §2.3.1 builds them (form-encoded, then base64). */
export function basic(clientId: string, secret: string): string {
  const encode = (s: string): string => encodeURIComponent(s).replace(/%20/g, '+');
  return `Basic ${Buffer.from(`${encode(clientId)}:${encode(secret)}`).toString('base64')}`;
}

/** Posts a form to the token endpoint. */
export async function tokenRequest(
  url: string,
  form: Record<string, string> | string,
  headers: Record<string, string> = {},
): Promise<Awaited<ReturnType<typeof scimFetch>>> {
  const rawBody = typeof form === 'string' ? form : new URLSearchParams(form).toString();
  return scimFetch(url, undefined, { method: 'POST', rawBody, headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers } });
}
