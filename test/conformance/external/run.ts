/**
 * `npm run conformance`: the external SCIM suites against the standalone server on a throwaway PostgreSQL
 * (`../shared/conformance/README.md`):
 * - Okta's SCIM 2.0 SPEC test (53 assertions), on a fresh tenant seeded with one user with name and email;
 * - Microsoft's reference Postman collection, without its `Get Token` folder, on another fresh tenant, with the
 *   failures listed in `microsoft-allowlist.json` allowed.
 * Prints `N passed, N failed` per suite and exits non-zero on any failure outside the allowlist. Where the shared
 * folder is absent (a user's clone), prints why and exits 0. `SCIM_CONFORMANCE_DIR` overrides where it is looked for.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { startPostgresCluster, type PostgresCluster } from '../../support/postgres-cluster.js';
import { allowedBy, readAllowlist, type AllowlistEntry } from './allowlist.js';
import { runNewman, type NewmanFailure, type NewmanResult } from './newman-runner.js';
import { startStandaloneServer, type StandaloneServer } from './standalone-server.js';

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = resolve(here, '..', '..', '..');
// `SCIM_CONFORMANCE_DIR` points elsewhere (e.g. a copy of the shared folder); the default is next to the project.
const shared = process.env.SCIM_CONFORMANCE_DIR ? resolve(process.env.SCIM_CONFORMANCE_DIR) : resolve(repoRoot, '..', 'shared', 'conformance');

function log(line = ''): void {
  process.stdout.write(`${line}\n`);
}

/** Parses a JSON file. */
function readJson(path: string): unknown {
  return JSON.parse(readFileSync(path, 'utf8')) as unknown;
}

/** The Microsoft collection without the `Get Token` folder (it calls a Token endpoint of the sample and overwrites `token`). */
function withoutGetToken(collection: unknown): unknown {
  const fields = collection as { item?: unknown };
  if (!Array.isArray(fields.item)) throw new Error('the Microsoft collection has no items');
  return { ...(collection as object), item: fields.item.filter((item: unknown) => (item as { name?: unknown }).name !== 'Get Token') };
}

/** Seeds what step 1 of Okta's SPEC test needs: one user with name and email. */
async function seedOktaUser(baseUrl: string, token: string): Promise<void> {
  const response = await fetch(`${baseUrl}/Users`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/scim+json' },
    body: JSON.stringify({
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
      userName: 'seed@example.com',
      name: { givenName: 'Seed', familyName: 'User' },
      emails: [{ value: 'seed@example.com', primary: true, type: 'work' }],
      active: true,
    }),
  });
  if (response.status !== 201) throw new Error(`seeding the Okta user failed: ${response.status} ${await response.text()}`);
}

/** Prints a suite's outcome; returns the number of failures the allowlist does not cover. */
function report(name: string, result: NewmanResult, allowlist: readonly AllowlistEntry[]): number {
  const passed = result.assertions - result.failedAssertions;
  const allowed: NewmanFailure[] = [];
  const unexpected: NewmanFailure[] = [];
  for (const failure of result.failures) (allowedBy(allowlist, failure) ? allowed : unexpected).push(failure);
  log(`${name}: ${passed} passed, ${result.failedAssertions} failed${allowed.length > 0 ? ` (${allowed.length} allowlisted)` : ''}`);
  for (const failure of allowed) log(`  allowed  ${failure.request} :: ${failure.assertion ?? ''} (reason in microsoft-allowlist.json)`);
  for (const failure of unexpected) log(`  FAILED   ${failure.request} :: ${failure.assertion ?? '(script error)'}: ${failure.message}`);
  return unexpected.length;
}

async function createDatabase(cluster: PostgresCluster, name: string): Promise<string> {
  const client = new pg.Client({ connectionString: cluster.url });
  await client.connect();
  try {
    await client.query(`create database ${name}`);
  } finally {
    await client.end();
  }
  return cluster.urlFor(name);
}

async function main(): Promise<number> {
  if (!existsSync(shared)) {
    log(`Skipping the external conformance suites: ${shared} is absent (it is next to the project in CI, not in a clone).`);
    return 0;
  }
  const cli = join(repoRoot, 'dist', 'lib', 'server', 'cli.js');
  if (!existsSync(cli)) {
    log(`${cli} is missing: run \`npm run build\` first (\`npm run conformance\` does).`);
    return 1;
  }
  const allowlist = readAllowlist(join(here, 'microsoft-allowlist.json'));
  let cluster: PostgresCluster | undefined;
  let server: StandaloneServer | undefined;
  try {
    cluster = await startPostgresCluster({ fast: true });
    server = await startStandaloneServer(cli, await createDatabase(cluster, 'scim_conformance'));

    const okta = await server.createTenant('Okta SPEC test');
    await seedOktaUser(okta.baseUrl, okta.token);
    const oktaResult = await runNewman({
      collection: readJson(join(shared, 'okta-spec-test', 'okta-scim20-spec.converted.postman_collection.json')),
      envVar: [
        { key: 'SCIMBaseURL', value: okta.baseUrl },
        { key: 'auth', value: `Bearer ${okta.token}` },
      ],
    });

    const microsoft = await server.createTenant('Microsoft reference collection');
    const url = new URL(server.origin);
    const microsoftResult = await runNewman({
      collection: withoutGetToken(readJson(join(shared, 'microsoft-reference-postman', 'PostmanCollection.json'))),
      envVar: [
        { key: 'Protocol', value: 'http' },
        { key: 'Server', value: url.hostname },
        { key: 'Port', value: `:${url.port}` },
        { key: 'Api', value: `scim/${microsoft.tenantId}/v2` },
        { key: 'token', value: microsoft.token },
      ],
    });

    log();
    const unexpected = report('Okta SCIM 2.0 SPEC test', oktaResult, []) + report('Microsoft SCIM reference collection', microsoftResult, allowlist);
    return unexpected > 0 ? 1 : 0;
  } catch (error) {
    log(`conformance run failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    if (server) log(server.output().slice(-4000));
    return 1;
  } finally {
    await server?.stop();
    await cluster?.stop();
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    log(String(error));
    process.exitCode = 1;
  },
);
