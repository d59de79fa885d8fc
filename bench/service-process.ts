/**
 * A server under test in its own process, so the load driver never shares its event loop. Output goes straight to
 * a log file (not a pipe the driver would have to drain); readiness is read from that file.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';

/** A started service and what its readiness check extracted from the log. */
export interface ServiceProcess<T> {
  readonly pid: number;
  readonly child: ChildProcess;
  /** What `parseReady` returned. */
  readonly ready: T;
  /** The service's output so far. */
  log(): string;
  /** SIGINT, then SIGKILL after `graceMs`; resolves when the process has exited. */
  stop(graceMs?: number): Promise<void>;
}

/** Options of {@link startService}. */
export interface StartServiceOptions<T> {
  /** For error messages: "SCIM server", "floor (insert)". */
  readonly name: string;
  readonly command: string;
  readonly args: readonly string[];
  readonly env: NodeJS.ProcessEnv;
  /** Working directory; default the current one. */
  readonly cwd?: string;
  /** stdout and stderr go here. */
  readonly logFile: string;
  /** Returns a value once the log shows the service is ready. */
  readonly parseReady: (log: string) => T | undefined;
  /** Default 60 s. */
  readonly timeoutMs?: number;
}

/** Spawns the service and waits until `parseReady` finds what it needs in the log. */
export async function startService<T>(options: StartServiceOptions<T>): Promise<ServiceProcess<T>> {
  const fd = openSync(options.logFile, 'w');
  const child = spawn(options.command, [...options.args], { env: options.env, stdio: ['ignore', fd, fd], ...(options.cwd ? { cwd: options.cwd } : {}) });
  closeSync(fd);
  const log = (): string => {
    try {
      return readFileSync(options.logFile, 'utf8');
    } catch {
      return '';
    }
  };
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async (graceMs = 10_000): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGINT');
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    await exited;
    clearTimeout(timer);
  };

  const deadline = Date.now() + (options.timeoutMs ?? 60_000);
  for (;;) {
    const text = log();
    const ready = options.parseReady(text);
    if (ready !== undefined && child.pid !== undefined) return { pid: child.pid, child, ready, log, stop };
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`${options.name} exited (code ${child.exitCode}, signal ${child.signalCode}) before it was ready:\n${text.slice(-4000)}`);
    }
    if (Date.now() > deadline) {
      await stop(1000);
      throw new Error(`${options.name} was not ready within ${options.timeoutMs ?? 60_000} ms:\n${text.slice(-4000)}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}
