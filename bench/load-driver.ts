/**
 * The load driver: runs `total` requests with `concurrency` in flight (a fixed pool of workers each taking the next
 * index), timing every request from just before it is sent to just after its body is read. The same driver runs
 * the floor apps and the SCIM server, so their figures differ only by the server under test.
 */
import { performance } from 'node:perf_hooks';
import { summarise, type LatencySummary } from './stats.js';

/** What one request reports back to the driver. */
export interface RequestOutcome {
  /** True when the response is the one the workload expects (e.g. 201 for a create). */
  readonly ok: boolean;
  /** HTTP status, for the status histogram. */
  readonly status: number;
  /** For a failure: a short description (status and start of the body), kept for the first failure only. */
  readonly detail?: string;
}

/** Options of {@link runLoad}. */
export interface LoadOptions {
  /** Number of requests. */
  readonly total: number;
  /** Requests in flight; default 16. */
  readonly concurrency?: number;
  /** Sends request number `index` (0-based) and reports its outcome. A throw counts as a failure with status 0. */
  readonly send: (index: number) => Promise<RequestOutcome>;
  /**
   * Stop early when this many requests have failed and none succeeded (an endpoint that does not exist yet), so a
   * partial server costs seconds rather than the whole run. Default 32; 0 turns it off.
   */
  readonly giveUpAfterFailures?: number;
  /** Stop starting requests after this many ms (a slow server must not stall the whole run); default none. */
  readonly budgetMs?: number;
}

/** The result of a load run. */
export interface LoadResult extends LatencySummary {
  /** Requests whose outcome was ok. */
  readonly ok: number;
  readonly failed: number;
  /** Wall-clock time of the run. */
  readonly durationMs: number;
  /** Successful requests per second of wall-clock time. */
  readonly requestsPerSecond: number;
  /** Responses per HTTP status ("0" for a transport error). */
  readonly statuses: Readonly<Record<string, number>>;
  /** The first failure's detail, if any. */
  readonly firstFailure?: string;
  /** True when the run stopped early because nothing succeeded. */
  readonly gaveUp: boolean;
  /** True when the run stopped early because its time budget ran out. */
  readonly outOfBudget: boolean;
  /** Latencies of successful requests in request-index order (ms); kept for per-request figures such as batches. */
  readonly latencies: readonly number[];
}

/** Runs the load and summarises latencies of the successful requests. */
export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const concurrency = Math.max(1, options.concurrency ?? 16);
  const giveUp = options.giveUpAfterFailures ?? 32;
  const latencyByIndex: (number | undefined)[] = new Array<number | undefined>(options.total);
  const statuses: Record<string, number> = {};
  let next = 0;
  let ok = 0;
  let failed = 0;
  let firstFailure: string | undefined;
  let gaveUp = false;
  let outOfBudget = false;
  const budgetEnd = options.budgetMs !== undefined ? performance.now() + options.budgetMs : Infinity;

  const worker = async (): Promise<void> => {
    while (next < options.total && !gaveUp && !outOfBudget) {
      if (performance.now() > budgetEnd) {
        outOfBudget = true;
        break;
      }
      const index = next++;
      const started = performance.now();
      let outcome: RequestOutcome;
      try {
        outcome = await options.send(index);
      } catch (error) {
        outcome = { ok: false, status: 0, detail: error instanceof Error ? error.message : String(error) };
      }
      const elapsed = performance.now() - started;
      statuses[String(outcome.status)] = (statuses[String(outcome.status)] ?? 0) + 1;
      if (outcome.ok) {
        ok++;
        latencyByIndex[index] = elapsed;
      } else {
        failed++;
        firstFailure ??= `request ${index}: ${outcome.detail ?? `status ${outcome.status}`}`;
        if (giveUp > 0 && ok === 0 && failed >= giveUp) gaveUp = true;
      }
    }
  };

  const started = performance.now();
  await Promise.all(Array.from({ length: Math.min(concurrency, Math.max(1, options.total)) }, worker));
  const durationMs = performance.now() - started;
  const latencies = latencyByIndex.filter((v): v is number => v !== undefined);
  return {
    ...summarise(latencies),
    ok,
    failed,
    durationMs,
    requestsPerSecond: durationMs > 0 ? (ok * 1000) / durationMs : 0,
    statuses,
    ...(firstFailure !== undefined ? { firstFailure } : {}),
    gaveUp,
    outOfBudget,
    latencies,
  };
}

/** An outcome from a status: ok when it is one of `expected`; a failure names the status and the body's start. */
export function expectStatus(response: { status: number; body: string }, ...expected: number[]): RequestOutcome {
  if (expected.includes(response.status)) return { ok: true, status: response.status };
  return { ok: false, status: response.status, detail: `status ${response.status}: ${response.body.slice(0, 300)}` };
}
