/**
 * The floor: what this machine does under the same load driver and concurrency without any SCIM work — a bare
 * Express 5 JSON POST, an Express POST doing one INSERT into a scim_users-shaped table, and an Express GET doing one
 * indexed SELECT by userName, each in its own process on the same throwaway Postgres.
 */
import { join } from 'node:path';
import type { BenchOptions } from '../bench-options.js';
import { createHttpClient, field, jsonBody, type HttpClient } from '../http-client.js';
import { expectStatus, runLoad, type LoadResult, type RequestOutcome } from '../load-driver.js';
import { toFigures, type LoadFigures } from '../results.js';
import { benchUser, benchUserName } from '../user-fixtures.js';
import { createFloorSchema } from './floor-schema.js';
import { startFloor, type FloorMode } from './start-floor.js';

/** Floor figures; a missing one failed to start or run (see `notes`). */
export interface FloorResults {
  readonly bare?: LoadFigures;
  readonly insert?: LoadFigures;
  readonly select?: LoadFigures;
  readonly notes: readonly string[];
  /** req/s of every pass per floor, when the floors ran more than once (the figures above are the best pass). */
  readonly passes?: Readonly<Record<FloorMode, readonly number[]>>;
}

/**
 * Combines passes of the floors (run before and after the server, so a busy moment on a shared machine does not
 * flatter the ratios): per floor, the pass with the highest throughput, which is what the machine can do.
 */
export function bestFloor(passes: readonly FloorResults[]): FloorResults {
  const modes: FloorMode[] = ['bare', 'insert', 'select'];
  const best: { bare?: LoadFigures; insert?: LoadFigures; select?: LoadFigures } = {};
  const rates: Record<FloorMode, number[]> = { bare: [], insert: [], select: [] };
  for (const mode of modes) {
    for (const pass of passes) {
      const figures = pass[mode];
      if (!figures) continue;
      rates[mode].push(figures.requestsPerSecond);
      const current = best[mode];
      if (!current || figures.requestsPerSecond > current.requestsPerSecond) best[mode] = figures;
    }
  }
  return { ...best, notes: [...passes.flatMap((p) => p.notes), ...speedChanges(rates)], passes: rates };
}

/** How far a floor's passes may differ before the run is flagged: beyond it the machine's speed changed. */
const STEADY_SPREAD = 1.15;

/**
 * A note for each floor whose fastest pass beat its slowest by more than {@link STEADY_SPREAD}: the machine's speed
 * changed during the run, so a SCIM figure measured between the passes may have met a slower or faster machine than
 * the floor it is compared with.
 */
function speedChanges(rates: Readonly<Record<FloorMode, readonly number[]>>): string[] {
  return Object.entries(rates).flatMap(([mode, values]) => {
    if (values.length < 2) return [];
    const fastest = Math.max(...values);
    const slowest = Math.min(...values);
    if (!(slowest > 0) || fastest / slowest <= STEADY_SPREAD) return [];
    return [`the ${mode} floor's passes differ by ${Math.round((fastest / slowest - 1) * 100)} % (${values.map((v) => Math.round(v)).join(' / ')} req/s): the machine's speed changed during the run, so its ratios are not comparable with a steady run's.`];
  });
}

/** Where and how the floors run. */
export interface FloorRun {
  /** Names this pass in logs, e.g. "before". */
  readonly pass: string;
  readonly repoRoot: string;
  readonly databaseUrl: string;
  readonly logDir: string;
  readonly options: BenchOptions;
  readonly runId: string;
  log(line: string): void;
}

async function runOne(run: FloorRun, mode: FloorMode, send: (client: HttpClient, index: number) => Promise<RequestOutcome>): Promise<LoadResult> {
  const service = await startFloor(run.repoRoot, mode, run.databaseUrl, join(run.logDir, `floor-${mode}-${run.pass}.log`));
  const client = createHttpClient(service.ready, { contentType: 'application/json', maxSockets: run.options.concurrency });
  try {
    const { warmup, floorRequests, concurrency } = run.options;
    if (warmup > 0) await runLoad({ total: warmup, concurrency, send: (i) => send(client, i) });
    const load = await runLoad({ total: floorRequests, concurrency, send: (i) => send(client, warmup + i) });
    run.log(`  floor ${mode} (${run.pass}): ${load.ok}/${load.ok + load.failed} ok, ${load.requestsPerSecond.toFixed(0)} req/s, p50 ${load.p50Ms.toFixed(1)} ms, p95 ${load.p95Ms.toFixed(1)} ms`);
    if (load.failed > 0) run.log(`    first failure: ${load.firstFailure ?? '?'}`);
    return load;
  } finally {
    client.close();
    await service.stop();
  }
}

/** Runs the three floors in turn (insert before select, which looks up the inserted rows). */
export async function runFloors(run: FloorRun): Promise<FloorResults> {
  const notes: string[] = [];
  const results: { bare?: LoadFigures; insert?: LoadFigures; select?: LoadFigures } = {};
  const attempt = async (mode: FloorMode, send: (client: HttpClient, index: number) => Promise<RequestOutcome>): Promise<void> => {
    try {
      const load = await runOne(run, mode, send);
      if (load.ok > 0) results[mode] = toFigures(load);
      else notes.push(`floor ${mode} (${run.pass}): nothing succeeded (${load.firstFailure ?? '?'})`);
    } catch (error) {
      notes.push(`floor ${mode} (${run.pass}): ${error instanceof Error ? error.message : String(error)}`);
    }
  };
  await createFloorSchema(run.databaseUrl);
  const post = async (client: HttpClient, index: number): Promise<RequestOutcome> =>
    expectStatus(await client.request('POST', '/Users', benchUser(run.runId, index)), 201);
  await attempt('bare', post);
  await attempt('insert', post);
  const inserted = run.options.warmup + run.options.floorRequests;
  await attempt('select', async (client, i) => {
    const userName = benchUserName(run.runId, (i * 7919) % inserted);
    const response = await client.request('GET', `/Users?userName=${encodeURIComponent(userName)}`);
    if (response.status !== 200) return expectStatus(response, 200);
    const total = field(jsonBody(response), 'totalResults');
    return total === 1 ? { ok: true, status: 200 } : { ok: false, status: 200, detail: `totalResults ${String(total)}, expected 1` };
  });
  return { ...results, notes };
}
