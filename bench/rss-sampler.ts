/**
 * Samples a process's resident set size from /proc/<pid>/status (VmRSS) every 250 ms, keeping the maximum overall
 * and per phase. On a system without /proc the figures stay undefined rather than wrong.
 */
import { readFileSync } from 'node:fs';

/** What the sampler saw. */
export interface RssReport {
  readonly samples: number;
  /** Maximum RSS over the whole run in MB (10^6 bytes, so the "250 MB" is not read generously). */
  readonly maxMb: number | undefined;
  /** Maximum RSS per phase name, MB. */
  readonly byPhase: Readonly<Record<string, number>>;
}

/** A running sampler. */
export interface RssSampler {
  /** Names the phase the following samples belong to. */
  phase(name: string): void;
  /** Stops sampling and reports. */
  stop(): RssReport;
}

/** Reads VmRSS (in KiB) of `pid` as MB; undefined when unavailable (process gone, no /proc). */
export function readRssMb(pid: number): number | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = /^VmRSS:\s+(\d+)\s+kB/m.exec(status)?.[1];
    return kb === undefined ? undefined : (Number(kb) * 1024) / 1e6;
  } catch {
    return undefined;
  }
}

/** Starts sampling `pid` every `intervalMs`. */
export function startRssSampler(pid: number, intervalMs = 250): RssSampler {
  let current = 'start';
  let samples = 0;
  let maxMb: number | undefined;
  const byPhase: Record<string, number> = {};
  const sample = (): void => {
    const mb = readRssMb(pid);
    if (mb === undefined) return;
    samples++;
    if (maxMb === undefined || mb > maxMb) maxMb = mb;
    const phaseMax = byPhase[current];
    if (phaseMax === undefined || mb > phaseMax) byPhase[current] = mb;
  };
  sample();
  const timer = setInterval(sample, intervalMs);
  return {
    phase(name) {
      sample();
      current = name;
    },
    stop() {
      sample();
      clearInterval(timer);
      const rounded = (mb: number): number => Math.round(mb * 10) / 10;
      return {
        samples,
        maxMb: maxMb === undefined ? undefined : rounded(maxMb),
        byPhase: Object.fromEntries(Object.entries(byPhase).map(([name, mb]) => [name, rounded(mb)])),
      };
    },
  };
}
