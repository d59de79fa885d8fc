/**
 * CPU time of the server process (from /proc/<pid>/stat) and of the load generator (this process) over a phase:
 * whether the server was short of CPU, and that the generator's own cost stayed small beside it.
 */
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';

/** CPU seconds used over a phase, and its wall-clock seconds. */
export interface PhaseCpu {
  /** Server CPU seconds (user + system); undefined without /proc. */
  readonly serverSeconds: number | undefined;
  /** Load generator CPU seconds (user + system). */
  readonly clientSeconds: number;
  readonly wallSeconds: number;
}

/** Clock ticks per second of /proc's times; 100 on every Linux the benchmark runs on. */
const TICKS_PER_SECOND = 100;

/** User + system CPU seconds of `pid` so far; undefined when /proc cannot tell. */
export function readCpuSeconds(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces), from field 3 (state): utime is field 14, stime 15.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]);
    return Number.isFinite(ticks) ? ticks / TICKS_PER_SECOND : undefined;
  } catch {
    return undefined;
  }
}

/** Starts counting; `stop()` gives the phase's CPU. */
export function startCpuCount(serverPid: number) {
  const server = readCpuSeconds(serverPid);
  const client = process.cpuUsage();
  const started = performance.now();
  return {
    stop(): PhaseCpu {
      const serverNow = readCpuSeconds(serverPid);
      const used = process.cpuUsage(client);
      return {
        serverSeconds: server === undefined || serverNow === undefined ? undefined : serverNow - server,
        clientSeconds: (used.user + used.system) / 1e6,
        wallSeconds: (performance.now() - started) / 1000,
      };
    },
  };
}
