/**
 * A throwaway PostgreSQL cluster started from the local binaries (PATH or /usr/lib/postgresql/<v>/bin) in a temp
 * dir on a free loopback port, for tests and the benchmark. PostgreSQL refuses to run as root, so as root the
 * cluster runs as the `postgres` system user (or `nobody`).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, chownSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

/** A running cluster. */
export interface PostgresCluster {
  /** Connection URL of the `postgres` database as the superuser `scim`. */
  readonly url: string;
  /** URL of another database on this cluster. */
  urlFor(database: string): string;
  /** Process id of the running postmaster (its backends are its children); changes with {@link restart}. */
  pid(): number | undefined;
  /**
   * Stops the server (fast shutdown: sessions get 57P01), waits `downMs`, starts it again on the same port and data
   * and resolves once it accepts connections, with the time it did.
   */
  restart(downMs: number): Promise<{ readyAt: number }>;
  /** Stops the server and removes its files. */
  stop(): Promise<void>;
}

function findBinDir(): string {
  const onPath = spawnSync('sh', ['-c', 'command -v initdb'], { encoding: 'utf8' }).stdout.trim();
  if (onPath) {
    const resolved = spawnSync('readlink', ['-f', onPath], { encoding: 'utf8' }).stdout.trim();
    return join(resolved || onPath, '..');
  }
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root) ? readdirSync(root).sort((a, b) => Number(b) - Number(a)) : [];
  for (const v of versions) if (existsSync(join(root, v, 'bin', 'initdb'))) return join(root, v, 'bin');
  throw new Error(
    'No PostgreSQL found: set DATABASE_URL, or install the PostgreSQL server binaries ' +
      '(Debian/Ubuntu: apt-get install -y postgresql; macOS: brew install postgresql).',
  );
}

/** A free TCP port on the loopback interface. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** The unprivileged user to run a server as when running as root (servers refuse root), else undefined. */
export function runAsUser(): { uid: number; gid: number } | undefined {
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) return undefined;
  for (const name of ['postgres', 'nobody']) {
    const uid = Number(spawnSync('id', ['-u', name], { encoding: 'utf8' }).stdout.trim());
    const gid = Number(spawnSync('id', ['-g', name], { encoding: 'utf8' }).stdout.trim());
    if (Number.isInteger(uid) && uid > 0) return { uid, gid };
  }
  throw new Error('Running as root and no unprivileged user (postgres or nobody) to run PostgreSQL as.');
}

async function waitReady(url: string, child: ChildProcess, log: () => string): Promise<void> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`PostgreSQL exited during start-up:\n${log()}`);
    const client = new pg.Client({ connectionString: url });
    try {
      await client.connect();
      await client.end();
      return;
    } catch {
      await client.end().catch(() => undefined);
      if (Date.now() > deadline) throw new Error(`PostgreSQL did not start within 30 s:\n${log()}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

/** Starts a fresh cluster; `fast` turns off durability settings that only cost time in tests. */
export async function startPostgresCluster(options: { fast?: boolean } = {}): Promise<PostgresCluster> {
  const bin = findBinDir();
  const dir = mkdtempSync(join(tmpdir(), 'scim-pg-'));
  const user = runAsUser();
  if (user) chownSync(dir, user.uid, user.gid);
  const dataDir = join(dir, 'data');
  const spawnOptions = user ? { uid: user.uid, gid: user.gid } : {};
  const init = spawnSync(join(bin, 'initdb'), ['-D', dataDir, '-U', 'scim', '--auth=trust', '-E', 'UTF8', '--no-sync', '--locale=C'], {
    encoding: 'utf8',
    ...spawnOptions,
  });
  if (init.status !== 0) throw new Error(`initdb failed:\n${init.stderr}${init.stdout}`);
  const port = await freePort();
  const settings = ['-c', 'listen_addresses=127.0.0.1', '-c', `unix_socket_directories=${dir}`, '-c', 'max_connections=200'];
  if (options.fast !== false) settings.push('-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off');
  let output = '';
  const launch = (): ChildProcess => {
    const started = spawn(join(bin, 'postgres'), ['-D', dataDir, '-p', String(port), ...settings], {
      stdio: ['ignore', 'pipe', 'pipe'],
      ...spawnOptions,
    });
    started.stdout?.on('data', (d: Buffer) => (output += d.toString()));
    started.stderr?.on('data', (d: Buffer) => (output += d.toString()));
    return started;
  };
  let child = launch();
  const urlFor = (database: string): string => `postgres://scim@127.0.0.1:${port}/${database}`;
  const url = urlFor('postgres');
  try {
    await waitReady(url, child, () => output);
  } catch (error) {
    child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  const halt = async (): Promise<void> => {
    if (child.exitCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGINT');
    await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
    if (child.exitCode === null) {
      child.kill('SIGKILL');
      await exited;
    }
  };
  return {
    url,
    urlFor,
    pid: () => child.pid,
    async restart(downMs) {
      await halt();
      await new Promise((r) => setTimeout(r, downMs));
      child = launch();
      await waitReady(url, child, () => output);
      return { readyAt: Date.now() };
    },
    async stop() {
      await halt();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
