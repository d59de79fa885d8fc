/**
 * `npm run bench -- --tenants [--tenants-count N --users-per-tenant N --paced-tenants N --rate N --duration S
 * --noisy-concurrency N --pool-max N]`: issue 18's multi-tenant benchmark. Starts a throwaway PostgreSQL and the
 * standalone server, seeds the tenants (seed-tenants.ts), measures server RSS while requests reach more and more
 * tenants, then runs the paced tenants alone and beside the noisy tenant, prints the tables and writes
 * bench/results/tenants-<timestamp>.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import knexFactory from 'knex';
import pg from 'pg';
import { startPostgresCluster } from '../../test/support/postgres-cluster.js';
import { createHttpClient } from '../http-client.js';
import { readRssMb } from '../rss-sampler.js';
import { startScimServer } from '../scim-server.js';
import { benchUserName } from '../user-fixtures.js';
import { seedTenants, type SeededTenant } from './seed-tenants.js';
import { noisyTenant, pacedTenant, prepareTenant, type PhaseSamples, type TenantDriver } from './tenant-load.js';
import { formatTenantsReport, phaseFigures, type TenantsFigures } from './tenants-report.js';
import { parseTenantsOptions, type TenantsBenchOptions } from './tenants-options.js';

/** Sends one lookup to each tenant from `from` up to `to`, 8 at a time, so the server has seen them. */
async function touchTenants(drivers: readonly SeededTenant[], from: number, to: number, runId: string): Promise<void> {
  let next = from;
  const worker = async (): Promise<void> => {
    for (let i = next++; i < to; i = next++) {
      const tenant = drivers[i] as SeededTenant;
      const client = createHttpClient(tenant.scimUrl, { token: tenant.token, maxSockets: 1 });
      await client.request('GET', `/Users?filter=${encodeURIComponent(`userName eq "${benchUserName(runId, 0)}"`)}`);
      client.close();
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
}

/** The paced tenants for `seconds`, with or without the noisy tenant beside them. */
async function phase(options: TenantsBenchOptions, paced: readonly TenantDriver[], noisy: TenantDriver | undefined, label: string, runId: string, seededIds: readonly string[]) {
  const samples: PhaseSamples = { latencies: [], failures: 0 };
  const loud = noisy ? noisyTenant(noisy, options.noisyConcurrency, runId, seededIds, options.usersPerTenant) : undefined;
  const until = performance.now() + options.durationSeconds * 1000;
  await Promise.all(
    paced.map((driver, i) =>
      pacedTenant({ driver, label: `${label}-${i}`, rate: options.rate, until, runId, seededIds, users: options.usersPerTenant, samples }),
    ),
  );
  return { samples, noisy: await loud?.stop() };
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
  log(`multi-tenant benchmark: ${JSON.stringify(options)}; logs in ${runDir}`);
  const cluster = await startPostgresCluster({ fast: true });
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
      ...(options.poolMax !== undefined ? { env: { DATABASE_POOL_MAX: String(options.poolMax) } } : {}),
    });
    try {
      const templateUrl = server.ready.scimUrl;
      const templateId = /\/([^/]+)\/v2$/.exec(templateUrl)?.[1] ?? '';
      const template: SeededTenant = { id: templateId, scimUrl: templateUrl, token: server.ready.token };
      const seedStart = performance.now();
      log(`seeding ${options.tenantsCount} tenants of ${options.usersPerTenant} users (template through Bulk, copies in SQL)`);
      const tenants = await seedTenants({ databaseUrl, template, count: options.tenantsCount, users: options.usersPerTenant, runId, log });
      log(`seeded in ${Math.round((performance.now() - seedStart) / 1000)} s`);
      const knex = knexFactory({ client: 'pg', connection: databaseUrl, pool: { min: 0, max: 1 } });
      const seededIds = (await knex('scim_users').where('tenant_id', templateId).select('id')).map((r: { id: string }) => r.id);
      await knex.destroy();

      const rssByTenants: { tenants: number; rssMb: number | undefined }[] = [];
      let touched = 0;
      for (const step of [...new Set([1, 0.1, 0.25, 0.5, 1].map((f, i) => (i === 0 ? 1 : Math.max(1, Math.round(f * tenants.length)))))]) {
        await touchTenants(tenants, touched, step, runId);
        touched = step;
        rssByTenants.push({ tenants: step, rssMb: readRssMb(server.pid) });
        log(`  RSS after requests to ${step} tenants: ${rssByTenants.at(-1)?.rssMb?.toFixed(1)} MB`);
      }

      const pacedDrivers = await Promise.all(tenants.slice(0, options.pacedTenants).map((t) => prepareTenant(t, runId, 8)));
      const noisyDriver = await prepareTenant(tenants[options.pacedTenants] as SeededTenant, runId, options.noisyConcurrency);
      log(`paced tenants alone for ${options.durationSeconds} s`);
      const alone = await phase(options, pacedDrivers, undefined, 'alone', runId, seededIds);
      log(`paced tenants beside the noisy tenant for ${options.durationSeconds} s`);
      const crowded = await phase(options, pacedDrivers, noisyDriver, 'crowded', runId, seededIds);
      for (const driver of [...pacedDrivers, noisyDriver]) driver.client.close();

      const figures: TenantsFigures = {
        paced: phaseFigures(alone.samples, options.durationSeconds),
        pacedWithNoisy: phaseFigures(crowded.samples, options.durationSeconds),
        noisy: phaseFigures(crowded.noisy ?? { latencies: [], failures: 0 }, options.durationSeconds),
        rssByTenants,
        rssAfterLoadMb: readRssMb(server.pid),
      };
      const title = `Multi-tenant run: ${options.tenantsCount} tenants × ${options.usersPerTenant} users, ${options.pacedTenants} paced at ${options.rate}/s, noisy ×${options.noisyConcurrency}, ${options.durationSeconds} s per phase`;
      writeFileSync(join(repoRoot, 'bench', 'results', `tenants-${stamp}.json`), `${JSON.stringify({ startedAt: stamp, options, figures }, null, 2)}\n`);
      process.stdout.write(`\n${formatTenantsReport(figures, title)}\n`);
      return 0;
    } finally {
      await server.stop();
    }
  } finally {
    await cluster.stop();
  }
}
