/**
 * The SCIM half of a run: start the standalone server, then create users, look them up, replace them, Bulk-import
 * (or POST) the users the big group needs, page through them, grow the big group and remove members, sampling the
 * server's RSS throughout. Each phase is guarded: one that throws is reported as failed and the run goes on.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { BenchOptions } from './bench-options.js';
import type { LoadPhase, ScimResults } from './bench-results.js';
import { readCapabilities } from './capabilities.js';
import { createHttpClient } from './http-client.js';
import type { LoadResult } from './load-driver.js';
import { bulkImport } from './phases/bulk-import.js';
import { createUsers } from './phases/create-users.js';
import { growGroup } from './phases/group-growth.js';
import { lookupUsers } from './phases/lookups.js';
import { removeMembers } from './phases/member-removal.js';
import { measurePaging } from './phases/paging.js';
import { replaceUsers } from './phases/replace-users.js';
import { loadOutcome, toFigures } from './results.js';
import { startRssSampler } from './rss-sampler.js';
import type { ScimBench } from './scim-bench.js';
import { startScimServer } from './scim-server.js';

/** Where and how the server runs. */
export interface ScimRun {
  readonly repoRoot: string;
  readonly databaseUrl: string;
  /** Server log and CPU profiles go here. */
  readonly runDir: string;
  readonly options: BenchOptions;
  readonly runId: string;
  log(line: string): void;
}

function loadPhase(load: LoadResult): LoadPhase {
  return { ...loadOutcome(load), load: toFigures(load) };
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Runs every SCIM phase against a fresh standalone server. */
export async function runScim(run: ScimRun): Promise<ScimResults> {
  const { options } = run;
  const cpuProfileDir = options.serverCpuProf ? join(run.runDir, 'profiles') : undefined;
  if (cpuProfileDir) mkdirSync(cpuProfileDir, { recursive: true });
  let server;
  try {
    server = await startScimServer({
      repoRoot: run.repoRoot,
      databaseUrl: run.databaseUrl,
      logFile: join(run.runDir, 'scim-server.log'),
      ...(options.serverLogLevel ? { logLevel: options.serverLogLevel } : {}),
      nodeArgs: [...options.serverNodeArgs, ...(cpuProfileDir ? ['--cpu-prof', `--cpu-prof-dir=${cpuProfileDir}`] : [])],
    });
  } catch (error) {
    return { state: 'failed', note: `the server did not start: ${message(error)}` };
  }
  run.log(`SCIM server pid ${server.pid} at ${server.ready.scimUrl}`);
  const rss = startRssSampler(server.pid);
  const client = createHttpClient(server.ready.scimUrl, { token: server.ready.token, maxSockets: options.concurrency });
  const bench: ScimBench = { client, options, runId: run.runId, users: [], rss, log: run.log };
  const results: { -readonly [K in keyof ScimResults]: ScimResults[K] } = { state: 'measured', ...(cpuProfileDir ? { cpuProfileDir } : {}) };
  const guard = async <T>(name: string, work: () => Promise<T>, onError: (note: string) => T): Promise<T> => {
    try {
      return await work();
    } catch (error) {
      run.log(`  ${name} failed: ${message(error)}`);
      return onError(`${name} threw: ${message(error)}`);
    }
  };
  const failedPhase = (note: string): LoadPhase => ({ state: 'failed', note });

  try {
    results.capabilities = await readCapabilities(client);
    run.log(`  ServiceProviderConfig: status ${results.capabilities.configStatus}, bulk ${results.capabilities.bulk.supported ? 'supported' : 'not supported'}, cursor advertised: ${String(results.capabilities.cursorAdvertised)}`);

    results.createUsers = await guard('POST /Users', async () => loadPhase(await createUsers(bench, 'POST /Users', 0, options.users, options.warmup)), failedPhase);
    if (bench.users.length === 0) {
      results.state = 'failed';
      results.note = `no user could be created, so nothing else can run: ${results.createUsers.note ?? ''}`;
      return results;
    }
    const skipped: LoadPhase = { state: 'skipped', note: 'size 0' };
    results.lookups = options.lookups > 0 ? await guard('userName lookups', async () => loadPhase(await lookupUsers(bench, options.lookups)), failedPhase) : skipped;
    results.puts = options.puts > 0 ? await guard('PUT /Users', async () => loadPhase(await replaceUsers(bench, options.puts)), failedPhase) : skipped;

    const nextIndex = options.warmup + options.users;
    results.bulk = options.bulkUsers === 0 ? { ...skipped, usersCreated: 0, operationsFailed: 0 } : await guard(
      'Bulk import',
      () => bulkImport(bench, results.capabilities ?? { configStatus: 0, bulk: { supported: false, maxOperations: undefined, maxPayloadSize: undefined }, cursorAdvertised: undefined }, nextIndex, options.bulkUsers),
      (note) => ({ state: 'failed', note, usersCreated: 0, operationsFailed: 0 }),
    );
    const missing = options.groupMembers - bench.users.length;
    if (missing > 0) {
      run.log(`  ${missing} more users needed for the big group: POST /Users`);
      const first = nextIndex + options.bulkUsers;
      results.extraPosts = await guard('POST /Users (for the group)', async () => loadPhase(await createUsers(bench, 'POST /Users (for the group)', first, missing)), failedPhase);
    }

    results.paging =
      options.pageRequests > 0
        ? await guard('paging', () => measurePaging(bench), (note) => ({ index: { state: 'failed', note }, cursor: { state: 'failed', note } }))
        : { index: skipped, cursor: skipped };
    const group =
      options.groupMembers > 0
        ? await guard('group growth', () => growGroup(bench), (note) => ({ state: 'failed' as const, note, batchSize: options.patchBatch, membersAdded: 0 }))
        : { ...skipped, batchSize: options.patchBatch, membersAdded: 0 };
    results.group = group;
    if (group.groupId && group.membersAdded > 0 && options.removals > 0) {
      const members = bench.users.slice(0, group.membersAdded);
      const warm = group.warmGroupId ? { id: group.warmGroupId, members: bench.users.slice(0, Math.min(10 * options.patchBatch, members.length)) } : undefined;
      const groupId = group.groupId;
      results.removals = await guard('member removal', () => removeMembers(bench, { id: groupId, members }, warm), (note) => ({ state: 'failed', note }));
    } else {
      results.removals = { state: 'skipped', note: options.removals === 0 ? 'size 0' : 'needs the big group' };
    }
    return results;
  } finally {
    results.rss = rss.stop();
    client.close();
    await server.stop(30_000);
  }
}
