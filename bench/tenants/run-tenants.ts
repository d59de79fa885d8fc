/**
 * `npm run bench -- --tenants [--tenants-count N --users-per-tenant N --paced-tenants N --rate N --duration S
 * --noisy-concurrency N --seed-concurrency N --pool-max N --rate-limits on|off]`: issue 18's multi-tenant
 * benchmark. Starts a throwaway PostgreSQL and the standalone server as an operator does (default settings: the
 * per-tenant rate limits on, the fair queue over the database pool), seeds the tenants (seed-tenants.ts), measures
 * server RSS while requests reach more and more tenants, then runs the paced tenants alone and beside the noisy
 * tenant, prints the Markdown section and writes bench/results/tenants-<timestamp>.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { join } from 'node:path';
import pg from 'pg';
import { DEFAULT_POOL_MAX } from '../../lib/server/database.js';
import { DEFAULT_TENANT_SETTINGS } from '../../lib/tenants/tenant-settings.js';
import { startPostgresCluster } from '../../test/support/postgres-cluster.js';
import { readRssMb } from '../rss-sampler.js';
import { startScimServer } from '../scim-server.js';
import { startCpuCount } from './cpu-time.js';
import { startWaitSampler } from './wait-sampler.js';
import { startPoolSampler, type PoolFigures } from './pool-sampler.js';
import { seedTenants } from './seed-tenants.js';
import { startNoisyThread } from './noisy-thread.js';
import { newTally, pacedLoad, prepareTenant, type Tally, type TenantDriver } from './tenant-load.js';
import { formatTenantsReport, loadFigures, type TenantsFigures } from './tenants-report.js';
import { parseTenantsOptions, type TenantsBenchOptions } from './tenants-options.js';
import { touchTenants, tenantSteps } from './touch-tenants.js';

/** Seconds of unmeasured paced load before the first phase. */
const WARM_UP_SECONDS = 10;

/** One measured phase: the paced tenants for the run's duration, with the noisy tenant beside them or not. */
async function phase(options: TenantsBenchOptions, server: { origin: string; pid: number; databasePid: number | undefined; runId: string; databaseUrl: string }, paced: readonly TenantDriver[], noisy: TenantDriver | undefined, tag: string) {
  const pacedTally = newTally();
  const pool = startPoolSampler(server.origin);
  const waits = await startWaitSampler(server.databaseUrl);
  const cpu = startCpuCount(server.pid, server.databasePid);
  let loud: { stop(): Promise<Tally> } | undefined;
  try {
    if (noisy) {
      loud = await startNoisyThread({
        tenant: noisy.tenant, groupId: noisy.groupId, runId: server.runId, seededUsers: options.usersPerTenant,
        concurrency: options.noisyConcurrency, tag: `${tag}-noisy`,
      });
    }
    await pacedLoad(paced, { rate: options.rate, seconds: options.durationSeconds, tag, tally: pacedTally });
  } catch (error) {
    await loud?.stop();
    await pool.stop();
    await waits.stop();
    throw error;
  }
  const noisyTally = (await loud?.stop()) ?? newTally();
  const cpuFigures = cpu.stop();
  const poolFigures: PoolFigures = await pool.stop();
  return { paced: pacedTally, noisy: noisyTally, pool: poolFigures, cpu: cpuFigures, waits: await waits.stop() };
}

/** Runs the benchmark; resolves to the exit code. */
export async function runTenantsBench(argv: readonly string[], repoRoot: string, log: (line: string) => void): Promise<number> {
  let options: TenantsBenchOptions;
  try {
    options = parseTenantsOptions(argv);
  } catch (error) {
    log(error instanceof Error ? error.message : String(error));
    return 2;
  }
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const runDir = join(repoRoot, 'bench', 'results', `tenants-${stamp}`);
  mkdirSync(runDir, { recursive: true });
  const runId = stamp.replace(/\D/g, '').slice(-8);
  const loadAtStart = Math.round((loadavg()[0] ?? 0) * 100) / 100;
  log(`multi-tenant benchmark: ${JSON.stringify(options)}; load average ${loadAtStart}; logs in ${runDir}`);
  const cluster = await startPostgresCluster({ fast: true });
  // An interrupted run still removes its throwaway cluster.
  const onSignal = (): void => {
    void cluster.stop().finally(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    const admin = new pg.Client({ connectionString: cluster.url });
    await admin.connect();
    await admin.query('create database scim_tenants_bench');
    await admin.end();
    const databaseUrl = cluster.urlFor('scim_tenants_bench');
    const server = await startScimServer({
      repoRoot,
      databaseUrl,
      logFile: join(runDir, 'server.log'),
      logLevel: 'warn',
      env: {
        // The product's defaults: a tenant's rate limit is its answer to a noisy neighbour (the single-tenant bench turns it off).
        SCIM_RATE_LIMITS: options.rateLimits ? 'on' : 'off',
        ...(options.poolMax !== undefined ? { DATABASE_POOL_MAX: String(options.poolMax) } : {}),
      },
    });
    try {
      const firstUrl = server.ready.scimUrl;
      const first = { id: /\/([^/]+)\/v2$/.exec(firstUrl)?.[1] ?? '', scimUrl: firstUrl, token: server.ready.token };
      const origin = new URL(firstUrl).origin;
      log(`seeding ${options.tenantsCount} tenants of ${options.usersPerTenant} users (tenants through TenantsService, users through Bulk, ${options.seedConcurrency} in flight)`);
      const { tenants, timing } = await seedTenants({
        databaseUrl, first, count: options.tenantsCount, users: options.usersPerTenant, runId,
        concurrency: options.seedConcurrency, keepIdsOf: options.pacedTenants + 1, log,
      });
      log(`seeded ${timing.users} users in ${timing.usersSeconds.toFixed(1)} s (${Math.round(timing.usersPerSecond)} users/s); tenants in ${timing.tenantsSeconds.toFixed(1)} s`);
      const analyze = new pg.Client({ connectionString: databaseUrl });
      await analyze.connect();
      await analyze.query('analyze');
      await analyze.end();

      const rssByTenants = [];
      let touched = 0;
      for (const step of tenantSteps(tenants.length)) {
        // The first step also warms the server up, so later steps measure tenants, not JIT compilation.
        const started = performance.now();
        const retried = await touchTenants(tenants.slice(touched, step), { runId, rounds: touched === 0 ? 40 : 1 });
        log(`  requests to tenants ${touched + 1}–${step} took ${((performance.now() - started) / 1000).toFixed(1)} s, ${retried} sent again after a 429`);
        touched = step;
        await new Promise((resolve) => setTimeout(resolve, 1000));
        rssByTenants.push({ tenants: step, rssMb: readRssMb(server.pid) });
        log(`  RSS after requests to ${step} tenants: ${rssByTenants.at(-1)?.rssMb?.toFixed(1)} MB`);
      }

      const prepare = { runId, seededUsers: options.usersPerTenant };
      const pacedDrivers = await Promise.all(tenants.slice(0, options.pacedTenants).map((t) => prepareTenant(t, { ...prepare, maxSockets: 8 })));
      // The noisy tenant's own client only creates its group: its load runs in a worker thread with its own.
      const noisyDriver = await prepareTenant(tenants[options.pacedTenants]!, { ...prepare, maxSockets: 1 });
      noisyDriver.client.close();
      const target = { origin, pid: server.pid, databasePid: cluster.pid(), runId, databaseUrl };
      let alone, crowded;
      try {
        // Unmeasured: every request kind of the mix has run, each paced client has its sockets and the database
        // pool its connections before the first phase, as on a server that has been provisioning for a while.
        const warmSeconds = Math.min(WARM_UP_SECONDS, options.durationSeconds);
        log(`paced tenants warming up for ${warmSeconds} s (not measured)`);
        await pacedLoad(pacedDrivers, { rate: options.rate, seconds: warmSeconds, tag: 'warm', tally: newTally() });
        log(`paced tenants alone for ${options.durationSeconds} s`);
        alone = await phase(options, target, pacedDrivers, undefined, 'alone');
        log(`paced tenants beside the noisy tenant for ${options.durationSeconds} s`);
        crowded = await phase(options, target, pacedDrivers, noisyDriver, 'crowded');
      } finally {
        for (const driver of pacedDrivers) driver.client.close();
      }

      const seconds = options.durationSeconds;
      const figures: TenantsFigures = {
        seeding: timing,
        paced: loadFigures(alone.paced, seconds, true),
        pacedWithNoisy: loadFigures(crowded.paced, seconds, true),
        noisy: loadFigures(crowded.noisy, seconds, false),
        pool: { alone: alone.pool, crowded: crowded.pool },
        cpu: { alone: alone.cpu, crowded: crowded.cpu },
        waits: { alone: alone.waits, crowded: crowded.waits },
        rssByTenants,
        rssAfterLoadMb: readRssMb(server.pid),
      };
      const poolMax = options.poolMax ?? DEFAULT_POOL_MAX;
      const notes = [
        `server: the standalone server (\`cli.js serve\`) with default settings: per-tenant rate limits ${options.rateLimits ? `on (the tenant default: ${DEFAULT_TENANT_SETTINGS.rateLimitPerSecond} requests/s, burst ${DEFAULT_TENANT_SETTINGS.rateLimitBurst})` : 'OFF (--rate-limits off)'}; the fair queue over the database pool (DATABASE_POOL_MAX ${poolMax}, at most ${Math.max(1, Math.floor(poolMax / 2))} requests of one tenant running at once).`,
        `load average ${loadAtStart} at the start; client, server and PostgreSQL share the machine's CPUs.`,
      ];
      const title = `Many tenants (issue 18): ${options.tenantsCount} tenants × ${options.usersPerTenant} users, ${options.pacedTenants} paced at ${options.rate}/s, noisy ×${options.noisyConcurrency}, ${seconds} s per phase`;
      writeFileSync(join(repoRoot, 'bench', 'results', `tenants-${stamp}.json`), `${JSON.stringify({ startedAt: stamp, loadAtStart, options, figures }, null, 2)}\n`);
      process.stdout.write(`\n${formatTenantsReport(figures, title, notes)}\n`);
      return 0;
    } finally {
      await server.stop();
    }
  } finally {
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
    await cluster.stop();
  }
}
