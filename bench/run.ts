/**
 * `npm run bench [-- --quick]`: the large-directory benchmark of issue 6 (`-- --tenants`: the multi-tenant one of
 * issue 18, bench/tenants/). Starts a throwaway PostgreSQL, measures the
 * floor apps and then the standalone SCIM server under the same load driver (concurrency 16 over loopback), prints
 * the targets table and a details table, and writes bench/results/<timestamp>.json and latest.json.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { startPostgresCluster, type PostgresCluster } from '../test/support/postgres-cluster.js';
import { parseBenchOptions, type BenchOptions } from './bench-options.js';
import type { BenchResults, RunMeta } from './bench-results.js';
import { bestFloor, runFloors, type FloorResults } from './floor/run-floors.js';
import { formatDetails, formatTargets } from './report/print-table.js';
import { targetRows } from './report/targets.js';
import { writeResults } from './report/write-results.js';
import { runScim } from './run-scim.js';
import { runTenantsBench } from './tenants/run-tenants.js';

function log(line: string): void {
  process.stderr.write(`${line}\n`);
}

function git(repoRoot: string, args: string[]): string {
  try {
    return execFileSync('git', args, { cwd: repoRoot, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return '';
  }
}

async function createDatabases(cluster: PostgresCluster, names: readonly string[]): Promise<string> {
  const client = new pg.Client({ connectionString: cluster.url });
  await client.connect();
  try {
    for (const name of names) await client.query(`create database ${name}`);
    const { rows } = await client.query<{ server_version: string }>('show server_version');
    return rows[0]?.server_version ?? '?';
  } finally {
    await client.end();
  }
}

function meta(repoRoot: string, startedAt: Date, postgres: string, loadAverageAtStart: number): RunMeta {
  return {
    startedAt: startedAt.toISOString(),
    durationSeconds: Math.round((Date.now() - startedAt.getTime()) / 1000),
    commit: git(repoRoot, ['rev-parse', '--short', 'HEAD']),
    dirty: git(repoRoot, ['status', '--porcelain', '--untracked-files=no']) !== '',
    node: process.version,
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model ?? '?',
    memoryGb: Math.round(totalmem() / 1e9),
    postgres,
    loadAverageAtStart,
  };
}

async function main(): Promise<number> {
  if (process.argv.includes('--tenants')) {
    return runTenantsBench(process.argv.slice(2), resolve(dirname(fileURLToPath(import.meta.url)), '..'), log);
  }
  let options: BenchOptions;
  try {
    options = parseBenchOptions(process.argv.slice(2), process.env);
  } catch (error) {
    log(error instanceof Error ? error.message : String(error));
    return 2;
  }
  const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
  if (!existsSync(join(repoRoot, 'dist', 'lib', 'server', 'cli.js'))) {
    log('dist/lib/server/cli.js is missing: run `npm run build` first (`npm run bench` does).');
    return 1;
  }
  const startedAt = new Date();
  const loadAverageAtStart = Math.round((loadavg()[0] ?? 0) * 100) / 100;
  const stamp = startedAt.toISOString().replace(/[:.]/g, '-');
  const resultsDir = join(repoRoot, 'bench', 'results');
  const runDir = join(resultsDir, stamp);
  mkdirSync(runDir, { recursive: true });
  const runId = stamp.replace(/\D/g, '').slice(-10);
  log(`scim-directory benchmark${options.quick ? ' (quick)' : ''}: logs in ${runDir}`);
  if (loadAverageAtStart > 0.5) {
    log(`warning: load average ${loadAverageAtStart} before the start: other processes compete for the ${cpus().length} CPUs and the figures will be noisy.`);
  }

  const cluster = await startPostgresCluster({ fast: true });
  const onSignal = (): void => {
    void cluster.stop().finally(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    const postgres = await createDatabases(cluster, ['scim_bench', 'floor_bench']);
    log(`PostgreSQL ${postgres} at ${cluster.urlFor('scim_bench')} (fsync off)`);
    const floorPasses: FloorResults[] = [];
    const floorPass = async (pass: string): Promise<void> => {
      if (options.skipFloor) return;
      log(`Floor (${pass}):`);
      floorPasses.push(await runFloors({ pass, repoRoot, databaseUrl: cluster.urlFor('floor_bench'), logDir: runDir, options, runId: `${runId}${pass}`, log }));
    };
    await floorPass('before');
    log('SCIM server:');
    const scim = await runScim({ repoRoot, databaseUrl: cluster.urlFor('scim_bench'), runDir, options, runId, log });
    await floorPass('after');
    const floor: FloorResults = options.skipFloor ? { notes: ['skipped (--skip-floor)'] } : bestFloor(floorPasses);
    const results: BenchResults = { meta: meta(repoRoot, startedAt, postgres, loadAverageAtStart), options, floor, scim, table: targetRows(scim, floor) };
    const path = writeResults(resultsDir, stamp, results);

    const out: string[] = ['', `## Targets (${options.quick ? 'quick run' : 'full run'}, concurrency ${options.concurrency})`, '', formatTargets(results.table), ''];
    out.push('## Loads', '', formatDetails(results), '');
    const notes = [
      ...(loadAverageAtStart > 0.5 ? [`load average ${loadAverageAtStart} before the start: the machine was not idle.`] : []),
      ...(floor.passes ? [`floor req/s per pass (best used): ${JSON.stringify(floor.passes)}`] : []),
      ...floor.notes, ...(scim.note ? [`server: ${scim.note}`] : [])];
    if (notes.length > 0) out.push('## Notes', '', ...notes.map((n) => `- ${n}`), '');
    if (scim.rss) out.push(`Server RSS max per phase (MB): ${JSON.stringify(scim.rss.byPhase)}`, '');
    if (scim.cpuProfileDir) out.push(`Server CPU profile: ${scim.cpuProfileDir}`, '');
    out.push(`Results: ${path} (and bench/results/latest.json)`);
    process.stdout.write(`${out.join('\n')}\n`);
    return 0;
  } finally {
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
    await cluster.stop();
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    log(`benchmark failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    process.exitCode = 1;
  },
);
