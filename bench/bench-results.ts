/**
 * The whole result of a run, as written to bench/results/<timestamp>.json and latest.json.
 */
import type { BenchOptions } from './bench-options.js';
import type { ServerCapabilities } from './capabilities.js';
import type { FloorResults } from './floor/run-floors.js';
import type { BulkImportResult } from './phases/bulk-import.js';
import type { GroupGrowthResult } from './phases/group-growth.js';
import type { MemberRemovalResult } from './phases/member-removal.js';
import type { PagingResult } from './phases/paging.js';
import type { TargetRow } from './report/targets.js';
import type { LoadFigures, PhaseOutcome } from './results.js';
import type { RssReport } from './rss-sampler.js';

/** A phase that is one load run. */
export interface LoadPhase extends PhaseOutcome {
  readonly load?: LoadFigures;
}

/** Everything the SCIM server's phases measured; a phase that did not run is absent. */
export interface ScimResults extends PhaseOutcome {
  readonly capabilities?: ServerCapabilities;
  readonly createUsers?: LoadPhase;
  readonly lookups?: LoadPhase;
  readonly puts?: LoadPhase;
  readonly bulk?: BulkImportResult;
  /** Users created by single POST because Bulk was not available (or fell short), for the big group. */
  readonly extraPosts?: LoadPhase;
  readonly paging?: PagingResult;
  readonly group?: GroupGrowthResult;
  readonly removals?: MemberRemovalResult;
  readonly rss?: RssReport;
  /** Where the server's CPU profile was written, with --server-cpu-prof. */
  readonly cpuProfileDir?: string;
}

/** Facts about the run and the machine. */
export interface RunMeta {
  readonly startedAt: string;
  readonly durationSeconds: number;
  readonly commit: string;
  /** True when the working tree had uncommitted changes (the server was built from them). */
  readonly dirty: boolean;
  readonly node: string;
  readonly cpus: number;
  readonly cpuModel: string;
  readonly memoryGb: number;
  readonly postgres: string;
  /** 1-minute load average before the run started: above ~0.5 something else was using the CPUs. */
  readonly loadAverageAtStart: number;
}

/** One run. */
export interface BenchResults {
  readonly meta: RunMeta;
  readonly options: BenchOptions;
  readonly floor: FloorResults;
  readonly scim: ScimResults;
  readonly table: readonly TargetRow[];
}
