/**
 * The setup guides and the connection check in Chromium: for every identity provider and every sign-in method,
 * the guide either says the provider does not offer the method or shows the provider's fields with this
 * directory's values (SCIM URL, token endpoint, the chosen client's or trust's id); and the connection check's
 * commands work when run — the test runs what each displayed `curl` does (with fetch, the secret put in for its
 * placeholder) against the running server: a token or an access token from the token endpoint (client_secret_post,
 * client_secret_basic, a client assertion) and then /Users.
 */
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS, openBrowserSession, type BrowserHost, type BrowserSession } from './browser-host.js';

type Method = 'bearer' | 'oauth' | 'federation';

/** Which methods each provider's provisioning settings offer, as their documentation says. */
const SUPPORT: Record<string, readonly Method[]> = {
  entra: ['bearer', 'oauth', 'federation'],
  okta: ['bearer'],
  onelogin: ['bearer'],
  jumpcloud: ['bearer'],
  google: ['bearer'],
  pingone: ['bearer', 'oauth'],
  pingfederate: ['bearer', 'oauth'],
};
const METHODS: readonly Method[] = ['bearer', 'oauth', 'federation'];

/** What a displayed curl command sends: its flags read as curl reads them. */
interface CurlRequest {
  url: string;
  init: { method: string; headers: Record<string, string>; body?: string };
}

/** Reads the curl commands the check shows (`-i`, `-H`, `-u`, `-d`, `--data-urlencode`, a quoted URL). */
function parseCurl(command: string): CurlRequest {
  const words = [...command.matchAll(/"([^"]*)"|(\S+)/g)].map((m) => m[1] ?? m[2] ?? '');
  expect(words.shift()).toBe('curl');
  const headers: Record<string, string> = {};
  const data: string[] = [];
  let url = '';
  while (words.length) {
    const word = words.shift()!;
    if (word === '-i') continue;
    else if (word === '-H') {
      const [name, ...value] = words.shift()!.split(':');
      headers[name!.trim().toLowerCase()] = value.join(':').trim();
    } else if (word === '-u') headers.authorization = `Basic ${Buffer.from(words.shift()!).toString('base64')}`;
    else if (word === '-d') data.push(words.shift()!);
    else if (word === '--data-urlencode') {
      const [name, ...value] = words.shift()!.split('=');
      data.push(`${name}=${encodeURIComponent(value.join('='))}`);
    } else if (/^https?:\/\//.test(word)) url = word;
    else throw new Error(`unexpected curl word ${word}`);
  }
  if (!data.length) return { url, init: { method: 'GET', headers } };
  return { url, init: { method: 'POST', headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded' }, body: data.join('&') } };
}

/** Runs a displayed command with `placeholders` replaced; answers status and JSON body. */
async function runCurl(command: string, placeholders: Record<string, string>): Promise<{ status: number; body: any }> {
  let filled = command;
  for (const [name, value] of Object.entries(placeholders)) filled = filled.replaceAll(name, value);
  expect(filled).not.toMatch(/\b(YOUR_TOKEN|CLIENT_ID|CLIENT_SECRET|ACCESS_TOKEN|SIGNED_JWT)\b/);
  const { url, init } = parseCurl(filled);
  const response = await fetch(url, init);
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
}

let session: BrowserSession;
let host: BrowserHost;
let page: Page;
let consoleErrors: string[];
const t = {} as {
  id: string;
  token: string;
  scimUrl: string;
  tokenEndpoint: string;
  clients: { clientId: string; secret: string; name: string }[];
  trustId: string;
  sign: () => Promise<string>;
};

beforeAll(async () => {
  session = await openBrowserSession('browser-guides-admin-secret-0123456789');
  ({ host, page, consoleErrors } = session);
  const { tenant, credential } = await host.directory.tenants.create('Guided directory');
  t.id = tenant.id;
  t.token = credential.token;
  t.scimUrl = `${host.origin}/scim/${tenant.id}/v2`;
  t.tokenEndpoint = `${host.origin}/scim/${tenant.id}/oauth/token`;
  t.clients = [];
  for (const name of ['Entra production', 'Ping <b>staging</b>']) {
    const created = await host.directory.oauthClients.create(tenant.id, name);
    t.clients.push({ clientId: created!.client.clientId, secret: created!.clientSecret, name });
  }
  // A trust with a pasted key set made here; each assertion is signed fresh, as one is accepted only once.
  const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
  const kid = randomUUID();
  const claims = { iss: 'https://issuer.example/guides', sub: 'provisioning-identity', aud: 'scim-directory-guides' };
  const trust = await host.directory.trusts.create(tenant.id, {
    name: 'Entra workload identity',
    issuer: claims.iss,
    subject: claims.sub,
    audience: claims.aud,
    algorithm: 'ES256',
    jwks: { keys: [{ ...(await exportJWK(publicKey)), kid, alg: 'ES256', use: 'sig' }] },
  });
  t.trustId = trust!.id;
  t.sign = () => {
    const now = Math.floor(Date.now() / 1000);
    return new SignJWT({ ...claims, iat: now, nbf: now, exp: now + 300, jti: randomUUID() }).setProtectedHeader({ alg: 'ES256', kid }).sign(privateKey);
  };
}, 60_000);

afterAll(() => session?.close());

/** The values of the guide's fields to paste, by the provider's field names. */
async function guideValues(): Promise<Record<string, string>> {
  const fields = page.locator('#guides [data-guide-field]');
  const out: Record<string, string> = {};
  for (let i = 0; i < (await fields.count()); i++) {
    const field = fields.nth(i);
    const input = field.locator('input');
    out[(await field.getAttribute('data-guide-field'))!] = (await input.count()) ? await input.inputValue() : '';
  }
  return out;
}

/** Runs the check's commands for `method` and expects each to work. */
async function runCheck(method: Method, clientSecret?: string): Promise<void> {
  const command = (id: string): Promise<string> => page.locator(`#${id}`).inputValue();
  const listUsers = async (accessToken: string): Promise<void> => {
    const answer = await runCurl(await command('curl-command'), { [method === 'bearer' ? 'YOUR_TOKEN' : 'ACCESS_TOKEN']: accessToken });
    expect(answer.status).toBe(200);
    expect(answer.body.schemas).toEqual(['urn:ietf:params:scim:api:messages:2.0:ListResponse']);
  };
  if (method === 'bearer') {
    expect(await command('curl-command')).toBe(`curl -i -H "Authorization: Bearer YOUR_TOKEN" "${t.scimUrl}/Users?count=1"`);
    await listUsers(t.token);
    expect((await runCurl(await command('curl-command-no-token'), {})).status).toBe(401);
    return;
  }
  const tokenCommands = method === 'oauth' ? ['curl-token-post', 'curl-token-basic'] : ['curl-token-assertion'];
  for (const id of tokenCommands) {
    const text = await command(id);
    expect(text).toContain(`"${t.tokenEndpoint}"`);
    const granted = await runCurl(text, method === 'oauth' ? { CLIENT_SECRET: clientSecret! } : { SIGNED_JWT: await t.sign() });
    expect(granted.status, `${id}: ${JSON.stringify(granted.body)}`).toBe(200);
    expect(granted.body.token_type).toBe('Bearer');
    await listUsers(granted.body.access_token as string);
  }
}

describe('setup guides and the connection check', { timeout: 180_000 }, () => {
  it('shows every provider and method with this directory’s values, and the displayed commands work', async () => {
    await page.goto(`${host.origin}/admin/`);
    await page.getByLabel('Admin secret').fill(host.adminSecret);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'SCIM directories' }).waitFor();
    await page.goto(`${host.origin}/admin/#/t/${t.id}/overview`);
    await page.getByRole('heading', { name: 'Set up your identity provider' }).waitFor();

    const providers = await page.locator('#guide-select option').evaluateAll((options) => options.map((o) => (o as HTMLOptionElement).value));
    expect(providers).toEqual(Object.keys(SUPPORT));
    for (const provider of providers) {
      await page.locator('#guide-select').selectOption(provider);
      for (const method of METHODS) {
        await page.locator('#method-select').selectOption(method);
        const where = `${provider}, ${method}`;
        const unsupported = page.locator(`#guides [data-unsupported="${method}"]`);
        if (!SUPPORT[provider]!.includes(method)) {
          expect(await unsupported.textContent(), where).toContain('does not offer');
          expect(await page.locator('#guides [data-guide-field]').count(), where).toBe(0);
          expect(await page.locator('#method-select option:checked').textContent(), where).toContain('not offered by');
          continue;
        }
        expect(await unsupported.count(), where).toBe(0);
        const values = Object.values(await guideValues());
        const expectedUrl = provider === 'entra' ? `${t.scimUrl}?aadOptscim062020` : t.scimUrl;
        expect(values, where).toContain(expectedUrl);
        expect(values.includes(t.tokenEndpoint), where).toBe(method !== 'bearer');
        // The credential chosen (the first listed) is named in the guide and in the commands.
        const chosen = method === 'bearer' ? undefined : await page.locator('#guide-credential').inputValue();
        const client = t.clients.find((c) => c.clientId === chosen);
        if (method === 'oauth') expect(values.includes(client!.clientId), where).toBe(true);
        if (method === 'federation') expect([chosen, values.includes(t.trustId)], where).toEqual([t.trustId, true]);
        await runCheck(method, client?.secret);
      }
    }
    expect(consoleErrors).toEqual([]);
  });

  it('fills in the client chosen by name, shows names as text, and names the provider’s own fields', async () => {
    await page.locator('#guide-select').selectOption('pingone');
    await page.locator('#method-select').selectOption('oauth');
    const second = t.clients[1]!;
    const option = page.locator('#guide-credential option', { hasText: second.clientId });
    expect(await option.textContent()).toBe(`${second.name} (${second.clientId})`);
    await page.locator('#guide-credential').selectOption(second.clientId);
    const fields = await guideValues();
    expect(fields).toMatchObject({ 'SCIM base URL': t.scimUrl, 'OAuth Token Request': t.tokenEndpoint, 'OAuth Client ID': second.clientId, 'OAuth Client Secret': '' });
    expect(await page.locator('#guides b').count()).toBe(0);
    await runCheck('oauth', second.secret);
    await page.locator('#guides').screenshot({ path: join(ARTIFACTS, 'setup-guides-pingone-oauth.png') });

    await page.locator('#guide-select').selectOption('entra');
    await page.locator('#method-select').selectOption('federation');
    expect(await guideValues()).toMatchObject({ 'Tenant URL': `${t.scimUrl}?aadOptscim062020`, 'Token Endpoint': t.tokenEndpoint, 'Client Identifier': t.trustId });
    await page.locator('#method-select').selectOption('bearer');
    expect(await guideValues()).toEqual({ 'Tenant URL': `${t.scimUrl}?aadOptscim062020`, 'Secret Token': '' });
    await page.locator('#guide-select').selectOption('okta');
    expect(await guideValues()).toMatchObject({ 'SCIM connector base URL': t.scimUrl, 'Unique identifier field for users': 'userName' });
    expect(await page.locator('#guide-credential').isVisible()).toBe(false);
    expect(consoleErrors).toEqual([]);
  });
});
