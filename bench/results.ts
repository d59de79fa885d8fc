/**
 * The shapes of a run's results as written to bench/results/*.json. Every phase says whether it was measured, and if
 * not, why: a server without Bulk or cursors shows "not supported by the server", a missing endpoint shows the
 * first failing response.
 */
import type { LoadResult } from './load-driver.js';
import { round } from './stats.js';

/** A load run without its raw latencies. */
export interface LoadFigures {
  readonly requests: number;
  readonly ok: number;
  readonly failed: number;
  readonly durationMs: number;
  readonly requestsPerSecond: number;
  readonly p50Ms: number;
  readonly p95Ms: number;
  readonly maxMs: number;
  readonly statuses: Readonly<Record<string, number>>;
  readonly firstFailure?: string;
  /** Set when the run stopped early: "nothing succeeded" or "time budget". */
  readonly stoppedEarly?: string;
}

/** Whether a phase produced figures. */
export type PhaseState = 'measured' | 'unsupported' | 'failed' | 'skipped';

/** The common part of every phase result. */
export interface PhaseOutcome {
  readonly state: PhaseState;
  /** Why a phase is not `measured`, or a caveat about its figures. */
  readonly note?: string;
}

/** Converts a load result to its JSON figures (rounded). */
export function toFigures(load: LoadResult): LoadFigures {
  const stoppedEarly = load.gaveUp ? 'nothing succeeded' : load.outOfBudget ? 'time budget' : undefined;
  return {
    requests: load.ok + load.failed,
    ok: load.ok,
    failed: load.failed,
    durationMs: round(load.durationMs),
    requestsPerSecond: round(load.requestsPerSecond),
    p50Ms: round(load.p50Ms),
    p95Ms: round(load.p95Ms),
    maxMs: round(load.maxMs),
    statuses: load.statuses,
    ...(load.firstFailure !== undefined ? { firstFailure: load.firstFailure } : {}),
    ...(stoppedEarly ? { stoppedEarly } : {}),
  };
}

/** `measured` when anything succeeded, else `failed` with the first failure as the note. */
export function loadOutcome(load: LoadResult): PhaseOutcome {
  if (load.ok > 0) return load.failed > 0 ? { state: 'measured', note: `${load.failed} failed; first: ${load.firstFailure ?? '?'}` } : { state: 'measured' };
  return { state: 'failed', note: load.firstFailure ?? 'no request was sent' };
}
