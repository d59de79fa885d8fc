/**
 * `npm run conformance`: the external SCIM suites against the standalone server on a throwaway PostgreSQL. The
 * suites are others' work, kept outside the repository in a `conformance` folder (by default `../shared/conformance`
 * next to the project; `SCIM_CONFORMANCE_DIR` points elsewhere):
 * - Okta's SCIM 2.0 SPEC test, on a fresh tenant seeded with one user with name and email;
 * - Microsoft's reference Postman collection, without its `Get Token` folder, on another fresh tenant, with the
 *   failures listed in `microsoft-allowlist.json` allowed (request, assertion and the status answered must match).
 * Prints `N passed, N failed` per suite. Exits non-zero when the suites are missing, when fewer assertions ran than
 * a suite has (`suite-size.ts`), or on any failure outside the allowlist.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { startPostgresCluster, type PostgresCluster } from '../../support/postgres-cluster.js';
import { allowedBy, readAllowlist, type AllowlistEntry } from './allowlist.js';
import { runNewman, type NewmanFailure, type NewmanResult } from './newman-runner.js';
import { startStandaloneServer, type StandaloneServer } from './standalone-server.js';
import { assertionCountProblems, EXPECTED_ASSERTIONS } from './suite-size.js';

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

/** A suite as run: its collection, what newman reported, and how many assertions it has. */
interface SuiteRun {
  readonly name: string;
  readonly collection: unknown;
  readonly result: NewmanResult;
  readonly expectedAssertions: number;
  readonly allowlist: readonly AllowlistEntry[];
}

/** Prints a suite's outcome; returns the number of problems: failures the allowlist does not cover, missing assertions. */
function report(suite: SuiteRun): number {
  const { name, result, allowlist } = suite;
  const passed = result.assertions - result.failedAssertions;
  const allowed: NewmanFailure[] = [];
  const unexpected: NewmanFailure[] = [];
  for (const failure of result.failures) (allowedBy(allowlist, failure) ? allowed : unexpected).push(failure);
  log(`${name}: ${passed} passed, ${result.failedAssertions} failed of ${result.assertions} run${allowed.length > 0 ? ` (${allowed.length} allowlisted)` : ''}`);
  const status = (failure: NewmanFailure): string => (failure.status === undefined ? 'no response' : `status ${failure.status}`);
  for (const failure of allowed) log(`  allowed  ${failure.request} :: ${failure.assertion ?? ''} (${status(failure)}; reason in microsoft-allowlist.json)`);
  for (const failure of unexpected) log(`  FAILED   ${failure.request} :: ${failure.assertion ?? '(script error)'} (${status(failure)}): ${failure.message}`);
  const problems = assertionCountProblems(name, suite.collection, result.assertions, suite.expectedAssertions);
  for (const problem of problems) log(`  FAILED   ${problem}`);
  return unexpected.length + problems.length;
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
    log(`The external conformance suites are missing: ${shared} does not exist. Put the conformance folder there or set SCIM_CONFORMANCE_DIR to it.`);
    return 1;
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
    const oktaCollection = readJson(join(shared, 'okta-spec-test', 'okta-scim20-spec.converted.postman_collection.json'));
    const oktaResult = await runNewman({
      collection: oktaCollection,
      envVar: [
        { key: 'SCIMBaseURL', value: okta.baseUrl },
        { key: 'auth', value: `Bearer ${okta.token}` },
      ],
    });

    const microsoft = await server.createTenant('Microsoft reference collection');
    const url = new URL(server.origin);
    const microsoftCollection = withoutGetToken(readJson(join(shared, 'microsoft-reference-postman', 'PostmanCollection.json')));
    const microsoftResult = await runNewman({
      collection: microsoftCollection,
      envVar: [
        { key: 'Protocol', value: 'http' },
        { key: 'Server', value: url.hostname },
        { key: 'Port', value: `:${url.port}` },
        { key: 'Api', value: `scim/${microsoft.tenantId}/v2` },
        { key: 'token', value: microsoft.token },
      ],
    });

    log();
    const problems =
      report({ name: 'Okta SCIM 2.0 SPEC test', collection: oktaCollection, result: oktaResult, expectedAssertions: EXPECTED_ASSERTIONS.okta, allowlist: [] }) +
      report({ name: 'Microsoft SCIM reference collection', collection: microsoftCollection, result: microsoftResult, expectedAssertions: EXPECTED_ASSERTIONS.microsoft, allowlist });
    return problems > 0 ? 1 : 0;
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
