/**
 * How long one synchronous piece of work holds the event loop: the maximum delay `perf_hooks.monitorEventLoopDelay`
 * sees while it runs, next to the work's own wall time.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';

/** What one input kind did to the event loop, over its runs. */
export interface LoopDelay {
  /** Largest event-loop delay seen during any run, in milliseconds. */
  readonly maxDelayMs: number;
  /** Longest wall time of one run, in milliseconds. */
  readonly maxRunMs: number;
  /** Median wall time of the runs: on a loaded machine the maximum includes time the process was not scheduled. */
  readonly medianRunMs: number;
  readonly runs: number;
}

/**
 * Runs `work` `runs` times, each on its own turn of the event loop with idle time around it, and reports the
 * largest delay the loop monitor saw. A warm-up run first, so compilation of validators and regexes is not counted.
 */
export async function measureLoopDelay(work: () => unknown, runs = 5): Promise<LoopDelay> {
  work();
  let maxDelayMs = 0;
  const runTimes: number[] = [];
  for (let run = 0; run < runs; run += 1) {
    const monitor = monitorEventLoopDelay({ resolution: 1 });
    monitor.enable();
    await sleep(15);
    const started = performance.now();
    await new Promise<void>((resolve) => {
      setImmediate(() => {
        work();
        resolve();
      });
    });
    runTimes.push(performance.now() - started);
    await sleep(15);
    monitor.disable();
    maxDelayMs = Math.max(maxDelayMs, monitor.max / 1e6);
  }
  runTimes.sort((a, b) => a - b);
  return { maxDelayMs, maxRunMs: runTimes[runs - 1] ?? 0, medianRunMs: runTimes[Math.floor(runs / 2)] ?? 0, runs };
}
