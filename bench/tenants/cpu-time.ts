/**
 * CPU time over a phase of the server process, of PostgreSQL (the postmaster and its children) and of the load
 * generator (this process, its noisy-tenant thread included), all from /proc, and how busy the whole machine was:
 * whether the load fits the machine's CPUs at all, and that the generator's own cost stayed small beside it.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { cpus } from 'node:os';
import { performance } from 'node:perf_hooks';

/** CPU seconds used over a phase, and its wall-clock seconds. */
export interface PhaseCpu {
  /** Server CPU seconds (user + system); undefined without /proc. */
  readonly serverSeconds: number | undefined;
  /** PostgreSQL CPU seconds: the postmaster and the children alive at the end; undefined without /proc. */
  readonly databaseSeconds: number | undefined;
  /** Load generator CPU seconds (user + system). */
  readonly clientSeconds: number;
  /** Share of the machine's CPU time that was busy (0–1), from /proc/stat; undefined without it. */
  readonly machineBusy: number | undefined;
  /** CPUs of the machine. */
  readonly cores: number;
  readonly wallSeconds: number;
}

/** Clock ticks per second of /proc's times; 100 on every Linux the benchmark runs on. */
const TICKS_PER_SECOND = 100;

/** The fields of /proc/<pid>/stat after the command name (which may hold spaces), from field 3 (state) on. */
function statFields(pid: number | string): string[] | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return undefined;
  }
}

/** User + system CPU seconds of `pid` so far; undefined when /proc cannot tell. */
export function readCpuSeconds(pid: number): number | undefined {
  const fields = statFields(pid);
  // utime is field 14, stime field 15.
  const ticks = fields ? Number(fields[11]) + Number(fields[12]) : NaN;
  return Number.isFinite(ticks) ? ticks / TICKS_PER_SECOND : undefined;
}

/** CPU seconds of `parent` and its children so far, by pid: a child that exits takes its count with it. */
function readTreeCpu(parent: number): Map<string, number> | undefined {
  const own = readCpuSeconds(parent);
  if (own === undefined) return undefined;
  const tree = new Map([[String(parent), own]]);
  for (const pid of readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    const fields = statFields(pid);
    // The parent pid is field 4.
    if (fields?.[1] !== String(parent)) continue;
    const ticks = Number(fields[11]) + Number(fields[12]);
    if (Number.isFinite(ticks)) tree.set(pid, ticks / TICKS_PER_SECOND);
  }
  return tree;
}

/** Busy and total jiffies of all CPUs so far (/proc/stat's first line; idle and iowait count as not busy). */
function readMachineTicks(): { busy: number; total: number } | undefined {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '';
    const values = line.trim().split(/\s+/).slice(1, 9).map(Number);
    const total = values.reduce((sum, v) => sum + v, 0);
    const idle = (values[3] ?? 0) + (values[4] ?? 0);
    return Number.isFinite(total) ? { busy: total - idle, total } : undefined;
  } catch {
    return undefined;
  }
}

/** Starts counting; `stop()` gives the phase's CPU. `databasePid` is PostgreSQL's postmaster. */
export function startCpuCount(serverPid: number, databasePid: number | undefined) {
  const server = readCpuSeconds(serverPid);
  const database = databasePid === undefined ? undefined : readTreeCpu(databasePid);
  const machine = readMachineTicks();
  const client = process.cpuUsage();
  const started = performance.now();
  return {
    stop(): PhaseCpu {
      const serverNow = readCpuSeconds(serverPid);
      const databaseNow = databasePid === undefined ? undefined : readTreeCpu(databasePid);
      const machineNow = readMachineTicks();
      const used = process.cpuUsage(client);
      let databaseSeconds: number | undefined;
      if (database && databaseNow) {
        // A process started during the phase counts from zero.
        databaseSeconds = 0;
        for (const [pid, seconds] of databaseNow) databaseSeconds += seconds - (database.get(pid) ?? 0);
      }
      return {
        serverSeconds: server === undefined || serverNow === undefined ? undefined : serverNow - server,
        databaseSeconds,
        clientSeconds: (used.user + used.system) / 1e6,
        machineBusy: machine && machineNow && machineNow.total > machine.total ? (machineNow.busy - machine.busy) / (machineNow.total - machine.total) : undefined,
        cores: cpus().length,
        wallSeconds: (performance.now() - started) / 1000,
      };
    },
  };
}
