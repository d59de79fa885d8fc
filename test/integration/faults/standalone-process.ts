/**
 * The compiled standalone server (`node dist/lib/server/cli.js serve`) as a child process on loopback, for the
 * fault suite: start it on a PostgreSQL URL, read its stdout, kill it with a signal, run CLI commands.
 */
import { spawn, type ChildProcess } from 'node:child_process';

const CLI = 'dist/lib/server/cli.js';

/** A running server process. */
export interface ServerProcess {
  readonly child: ChildProcess;
  /** `http://127.0.0.1:<port>` */
  readonly origin: string;
  /** Everything written to stdout so far, split in lines. */
  stdoutLines(): string[];
  /** Resolves when the process has exited, with how and when. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>;
}

/** The suite drives its tenants far beyond an identity provider's pace, so the per-tenant rate limits are off. */
function baseEnv(databaseUrl: string, extra: Record<string, string>): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH ?? '', PORT: '0', HOST: '127.0.0.1', DATABASE_URL: databaseUrl, SCIM_BOOTSTRAP_TENANT: 'false', SCIM_RATE_LIMITS: 'off', ADMIN_TOKEN: 'fault-suite-admin-token-0123456789', ...extra };
}

/** Starts the server and resolves once it listens. */
export async function startServer(databaseUrl: string, extra: Record<string, string> = {}): Promise<ServerProcess> {
  const child = spawn(process.execPath, [CLI, 'serve'], { env: baseEnv(databaseUrl, extra), stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal, at: Date.now() })),
  );
  const deadline = Date.now() + 30_000;
  let listening: RegExpExecArray | null = null;
  while (!(listening = /listening on http:\/\/localhost:(\d+)/.exec(out))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`server did not start:\n${out}\n${err}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return { child, origin: `http://127.0.0.1:${listening[1]}`, stdoutLines: () => out.split('\n').filter((l) => l !== ''), exited };
}

/** Runs a CLI command to its end; resolves to its stdout. */
export async function runCli(databaseUrl: string, args: readonly string[]): Promise<string> {
  const child = spawn(process.execPath, [CLI, ...args], { env: baseEnv(databaseUrl, {}), stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (err += d.toString()));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  if (code !== 0) throw new Error(`scim-directory ${args.join(' ')} exited ${code}:\n${out}\n${err}`);
  return out;
}

/** Creates a tenant with the CLI (migrating the database first); returns its id and token. */
export async function createTenant(databaseUrl: string, name: string): Promise<{ id: string; token: string }> {
  const created = JSON.parse(await runCli(databaseUrl, ['tenants', 'create', '--name', name, '--json'])) as { id: string; token: string };
  return { id: created.id, token: created.token };
}

/** Lines of stdout after the start-up banner that are not JSON objects. */
export function nonJsonLines(lines: readonly string[]): string[] {
  return lines
    .filter((line) => !/^scim-directory listening on |^ {2}Admin UI:/.test(line))
    .filter((line) => {
      try {
        const parsed: unknown = JSON.parse(line);
        return typeof parsed !== 'object' || parsed === null;
      } catch {
        return true;
      }
    });
}

/** The JSON log lines of stdout. */
export function logLines(lines: readonly string[]): { level?: string; message?: string; [key: string]: unknown }[] {
  return lines.filter((line) => line.startsWith('{')).map((line) => JSON.parse(line) as { level?: string; message?: string });
}
