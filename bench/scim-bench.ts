/**
 * What every SCIM phase works with: the client, the sizes, the users created so far and a way to run a warmed-up,
 * budgeted load while the RSS sampler knows which phase it is in.
 */
import type { BenchOptions } from './bench-options.js';
import type { HttpClient } from './http-client.js';
import { runLoad, type LoadResult, type RequestOutcome } from './load-driver.js';
import type { RssSampler } from './rss-sampler.js';

/** A user the server created: its fixture index (to rebuild its document) and the server's id. */
export interface CreatedUser {
  readonly index: number;
  readonly id: string;
}

/** The state shared by the SCIM phases of one run. */
export interface ScimBench {
  readonly client: HttpClient;
  readonly options: BenchOptions;
  /** Makes this run's userNames unique. */
  readonly runId: string;
  /** Users created so far, in creation order; phases append. */
  readonly users: CreatedUser[];
  readonly rss: RssSampler | undefined;
  /** Progress line on stderr. */
  log(line: string): void;
}

/** A measured load: `warmup` requests first (indices 0..warmup-1, not counted), then `total` from index `warmup`. */
export interface MeasuredLoad {
  readonly name: string;
  readonly total: number;
  readonly warmup?: number;
  readonly concurrency?: number;
  readonly send: (index: number) => Promise<RequestOutcome>;
}

/** Runs a {@link MeasuredLoad}, naming the RSS phase and logging the headline. */
export async function measure(bench: ScimBench, load: MeasuredLoad): Promise<LoadResult> {
  bench.rss?.phase(load.name);
  const concurrency = load.concurrency ?? bench.options.concurrency;
  const warmup = load.warmup ?? 0;
  if (warmup > 0) {
    const warm = await runLoad({ total: warmup, concurrency, send: load.send });
    if (warm.ok === 0) bench.log(`  ${load.name}: warm-up failed (${warm.firstFailure ?? '?'})`);
  }
  const result = await runLoad({
    total: load.total,
    concurrency,
    send: (i) => load.send(warmup + i),
    budgetMs: bench.options.phaseBudgetSeconds * 1000,
  });
  const early = result.gaveUp ? ' (gave up: nothing succeeded)' : result.outOfBudget ? ' (stopped: time budget)' : '';
  bench.log(
    `  ${load.name}: ${result.ok}/${result.ok + result.failed} ok, ${result.requestsPerSecond.toFixed(0)} req/s, ` +
      `p50 ${result.p50Ms.toFixed(1)} ms, p95 ${result.p95Ms.toFixed(1)} ms${early}` +
      (result.failed > 0 ? `\n    first failure: ${result.firstFailure ?? '?'}` : ''),
  );
  return result;
}
