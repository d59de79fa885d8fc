/**
 * How much event-log capture costs under load: the same SCIM workload (create, get, filter, patch users) against a
 * server with capture and one without, in alternating rounds, concurrency 16. The server runs in a child process
 * so the load generator does not share its event loop.
 *
 *   node --import tsx test/integration/event-log-load.ts [seconds-per-round] [rounds]
 *
 * Capture's own CPU per request, in process, is measured by event-log-micro.ts.
 *
 * Uses DATABASE_URL, or starts a throwaway PostgreSQL cluster.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import express from 'express';
import knexFactory from 'knex';
import { createScimDirectory } from '../../lib/directory.js';
import { createScimRouter } from '../../lib/http/scim-router.js';
import { mountScimRoutes } from '../../lib/http/routes/index.js';
import { resolveOptions } from '../../lib/options.js';
import { createProvisioningServices } from '../../lib/provisioning/services.js';
import { migrateToLatest } from '../../lib/store/migration-source.js';
import { TenantsService } from '../../lib/tenants/tenants-service.js';
import { startPostgresCluster } from '../support/postgres-cluster.js';

const quiet = { error: (m: string, x?: unknown) => console.error(m, x), warn: () => undefined, info: () => undefined, debug: () => undefined };

/** Child: serves SCIM with or without capture; prints `{port, scimUrl, token}`. */
async function serveChild(databaseUrl: string, capture: boolean): Promise<void> {
  const knex = knexFactory({ client: 'pg', connection: databaseUrl, pool: { min: 0, max: 20 } });
  const app = express();
  let tenants: TenantsService;
  if (capture) {
    const directory = createScimDirectory({ knex, logger: quiet });
    tenants = directory.tenants;
    app.use('/scim', directory.scimRouter);
  } else {
    // What createScimDirectory builds, minus the event-log capture.
    const options = resolveOptions({ knex, logger: quiet });
    tenants = new TenantsService(knex);
    const services = createProvisioningServices(options, tenants);
    app.use('/scim', createScimRouter({ options, tenants, mountRoutes: (r) => mountScimRoutes(r, services) }));
  }
  const { tenant, credential } = await tenants.create(`load ${capture ? 'on' : 'off'}`);
  const server = app.listen(0, '127.0.0.1', () => {
    const port = (server.address() as { port: number }).port;
    process.send?.({ scimUrl: `http://127.0.0.1:${port}/scim/${tenant.id}/v2`, token: credential.token });
  });
  // The parent asks for this process's CPU time around a measured round: CPU per request is far less sensitive
  // than wall-clock throughput to other work on the machine.
  process.on('message', () => {
    const { user, system } = process.cpuUsage();
    process.send?.({ cpuMicros: user + system });
  });
}

interface Target {
  readonly scimUrl: string;
  readonly token: string;
}

function cpuOf(child: ChildProcess): Promise<number> {
  return new Promise((resolve) => {
    child.once('message', (m) => resolve((m as { cpuMicros: number }).cpuMicros));
    child.send('cpu');
  });
}

async function startServer(databaseUrl: string, capture: boolean): Promise<{ child: ChildProcess; target: Target }> {
  const child = fork(fileURLToPath(import.meta.url), ['--child', databaseUrl, capture ? 'on' : 'off'], { execArgv: ['--import', 'tsx'] });
  const target = await new Promise<Target>((resolve, reject) => {
    child.once('message', (m) => resolve(m as Target));
    child.once('exit', (code) => reject(new Error(`server exited ${code}`)));
  });
  return { child, target };
}

/** Runs the mixed workload for `seconds` at concurrency 16; returns requests per second. */
async function load(target: Target, seconds: number, tag: string): Promise<{ rps: number; errors: number; requests: number }> {
  const headers = { authorization: `Bearer ${target.token}`, 'content-type': 'application/scim+json', 'user-agent': 'Microsoft.AAD.Provisioning.SCIM/1.0' };
  const deadline = Date.now() + seconds * 1000;
  let done = 0;
  let errors = 0;
  let seq = 0;
  const worker = async (w: number): Promise<void> => {
    const ids: string[] = [];
    while (Date.now() < deadline) {
      const n = seq++;
      const kind = n % 4;
      let response: Response;
      if (kind === 0 || ids.length === 0) {
        const userName = `${tag}-${w}-${n}@example.com`;
        response = await fetch(`${target.scimUrl}/Users`, {
          method: 'POST',
          headers,
          body: JSON.stringify({
            schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
            userName,
            name: { givenName: 'Load', familyName: `User ${n}` },
            displayName: `Load User ${n}`,
            emails: [{ value: userName, type: 'work', primary: true }],
            password: 'not-stored-Secret-1',
            active: true,
          }),
        });
        if (response.status === 201) ids.push(((await response.json()) as { id: string }).id);
        else await response.arrayBuffer();
      } else if (kind === 1) {
        response = await fetch(`${target.scimUrl}/Users/${ids[n % ids.length]}`, { headers });
        await response.arrayBuffer();
      } else if (kind === 2) {
        response = await fetch(`${target.scimUrl}/Users?filter=${encodeURIComponent(`userName eq "${tag}-${w}-0@example.com"`)}`, { headers });
        await response.arrayBuffer();
      } else {
        response = await fetch(`${target.scimUrl}/Users/${ids[n % ids.length]}`, {
          method: 'PATCH',
          headers,
          body: JSON.stringify({ schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'], Operations: [{ op: 'replace', path: 'displayName', value: `Renamed ${n}` }] }),
        });
        await response.arrayBuffer();
      }
      if (response.status >= 400) errors++;
      done++;
    }
  };
  const started = Date.now();
  await Promise.all(Array.from({ length: 16 }, (_, w) => worker(w)));
  return { rps: done / ((Date.now() - started) / 1000), errors, requests: done };
}

async function main(): Promise<void> {
  const seconds = Number(process.argv[2] ?? 10);
  const rounds = Number(process.argv[3] ?? 3);
  let databaseUrl = process.env.DATABASE_URL;
  const cluster = databaseUrl ? undefined : await startPostgresCluster({ fast: true });
  databaseUrl ??= cluster!.url;
  const knex = knexFactory({ client: 'pg', connection: databaseUrl });
  await migrateToLatest(knex);
  await knex.destroy();
  const results: Record<'off' | 'on', number[]> = { off: [], on: [] };
  const cpu: Record<'off' | 'on', number[]> = { off: [], on: [] };
  try {
    for (let round = 0; round < rounds; round++) {
      for (const mode of round % 2 === 0 ? (['off', 'on'] as const) : (['on', 'off'] as const)) {
        const { child, target } = await startServer(databaseUrl, mode === 'on');
        await load(target, 2, `warm${round}${mode}`);
        const before = await cpuOf(child);
        const { rps, errors, requests } = await load(target, seconds, `r${round}${mode}`);
        const perRequest = (await cpuOf(child)) - before;
        child.kill();
        results[mode].push(rps);
        cpu[mode].push(perRequest / requests);
        console.log(`round ${round + 1} capture ${mode}: ${rps.toFixed(0)} req/s, server CPU ${(perRequest / requests).toFixed(0)} µs/request (${errors} error answers)`);
      }
    }
  } finally {
    await cluster?.stop();
  }
  const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
  const off = median(results.off);
  const on = median(results.on);
  console.log(`median: off ${off.toFixed(0)} req/s, on ${on.toFixed(0)} req/s, throughput cost ${(((off - on) / off) * 100).toFixed(1)}%`);
  const cpuOff = median(cpu.off);
  const cpuOn = median(cpu.on);
  console.log(`median server CPU: off ${cpuOff.toFixed(0)} µs/request, on ${cpuOn.toFixed(0)} µs/request, cost ${(((cpuOn - cpuOff) / cpuOff) * 100).toFixed(1)}%`);
}


if (process.argv[2] === '--child') void serveChild(process.argv[3] as string, process.argv[4] === 'on');
else void main();
