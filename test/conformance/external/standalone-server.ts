/**
 * The standalone server (`dist/lib/server/cli.js serve`) in a child process on a loopback port, and fresh tenants
 * made with its own CLI (`tenants create --json`), both on the given PostgreSQL database.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** A running standalone server. */
export interface StandaloneServer {
  /** `http://127.0.0.1:<port>` */
  readonly origin: string;
  /** Creates a tenant through the CLI; returns its SCIM base URL and first token. */
  createTenant(name: string): Promise<{ readonly tenantId: string; readonly baseUrl: string; readonly token: string }>;
  /** The server's output so far, for error reports. */
  output(): string;
  stop(): Promise<void>;
}

/** Starts `cli.js serve` against `databaseUrl` and waits for its "listening on" line. */
export async function startStandaloneServer(cliPath: string, databaseUrl: string): Promise<StandaloneServer> {
  const env = {
    ...process.env,
    DATABASE_URL: databaseUrl,
    PORT: '0',
    HOST: '127.0.0.1',
    SCIM_BOOTSTRAP_TENANT: 'false',
    ADMIN_TOKEN: randomBytes(24).toString('hex'),
  };
  const child: ChildProcess = spawn(process.execPath, [cliPath, 'serve'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  const deadline = Date.now() + 60_000;
  let port: number | undefined;
  while (port === undefined) {
    const match = /listening on https?:\/\/[^:\s]+:(\d+)/.exec(output);
    if (match?.[1]) port = Number(match[1]);
    else if (child.exitCode !== null) throw new Error(`the standalone server exited before listening:\n${output}`);
    else if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`the standalone server did not listen within 60 s:\n${output}`);
    } else await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const origin = `http://127.0.0.1:${port}`;

  return {
    origin,
    output: () => output,
    async createTenant(name) {
      const { stdout } = await run(process.execPath, [cliPath, 'tenants', 'create', '--name', name, '--json'], { env });
      const line = stdout.trim().split('\n').pop() ?? '';
      const created = JSON.parse(line) as { id?: unknown; token?: unknown };
      if (typeof created.id !== 'string' || typeof created.token !== 'string') throw new Error(`tenants create printed no id and token: ${line}`);
      return { tenantId: created.id, token: created.token, baseUrl: `${origin}/scim/${created.id}/v2` };
    },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGINT');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
