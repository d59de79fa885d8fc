/**
 * A PgBouncer in transaction pool mode in front of the suite's PostgreSQL, the usual way many application instances
 * share one server: each transaction (or single statement) may run on another server connection, so nothing may
 * rely on session state such as named prepared statements. Debian's `pgbouncer` (PATH or /usr/sbin); like
 * PostgreSQL it refuses to run as root, so as root it runs as the `postgres` system user (or `nobody`).
 */
import { spawn, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { freePort, runAsUser } from './postgres-cluster.js';

/** A running PgBouncer. */
export interface PgBouncer {
  /** The URL of `database` through PgBouncer. */
  urlFor(database: string): string;
  /** Stops PgBouncer and removes its files. */
  stop(): Promise<void>;
}

function findPgBouncer(): string {
  const onPath = spawnSync('sh', ['-c', 'command -v pgbouncer'], { encoding: 'utf8' }).stdout.trim();
  if (onPath) return onPath;
  if (existsSync('/usr/sbin/pgbouncer')) return '/usr/sbin/pgbouncer';
  throw new Error('No PgBouncer found: install it (Debian/Ubuntu: apt-get install -y pgbouncer; macOS: brew install pgbouncer).');
}

/** Quotes a value for PgBouncer's connection strings. */
const quoted = (value: string): string => `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

/**
 * Starts PgBouncer in transaction pool mode for the server of `serverUrl` (any database on it; the user and
 * password of `serverUrl` are used towards the server, and clients connect without a password).
 */
export async function startPgBouncer(serverUrl: string): Promise<PgBouncer> {
  const binary = findPgBouncer();
  const server = new URL(serverUrl);
  const user = decodeURIComponent(server.username) || 'postgres';
  const dir = mkdtempSync(join(tmpdir(), 'scim-pgbouncer-'));
  const runAs = runAsUser();
  const port = await freePort();
  const target = [`host=${server.hostname}`, `port=${server.port || '5432'}`, `user=${quoted(user)}`];
  if (server.password) target.push(`password=${quoted(decodeURIComponent(server.password))}`);
  writeFileSync(join(dir, 'users.txt'), `"${user}" ""\n`);
  writeFileSync(
    join(dir, 'pgbouncer.ini'),
    [
      '[databases]',
      `* = ${target.join(' ')}`,
      '[pgbouncer]',
      'listen_addr = 127.0.0.1',
      `listen_port = ${port}`,
      'unix_socket_dir =',
      'auth_type = trust',
      `auth_file = ${join(dir, 'users.txt')}`,
      'pool_mode = transaction',
      'max_client_conn = 500',
      'default_pool_size = 20',
      'ignore_startup_parameters = extra_float_digits,options',
      '',
    ].join('\n'),
  );
  if (runAs) {
    for (const file of ['', 'users.txt', 'pgbouncer.ini']) chownSync(join(dir, file), runAs.uid, runAs.gid);
  }
  let output = '';
  const child = spawn(binary, [join(dir, 'pgbouncer.ini')], { stdio: ['ignore', 'pipe', 'pipe'], ...(runAs ?? {}) });
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  const urlFor = (database: string): string => `postgres://${encodeURIComponent(user)}@127.0.0.1:${port}/${database}`;
  const deadline = Date.now() + 15_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`PgBouncer exited during start-up:\n${output}`);
    const client = new pg.Client({ connectionString: urlFor(server.pathname.slice(1) || 'postgres') });
    try {
      await client.connect();
      await client.query('select 1');
      await client.end();
      break;
    } catch (error) {
      await client.end().catch(() => undefined);
      if (Date.now() > deadline) {
        child.kill('SIGKILL');
        throw new Error(`PgBouncer did not start within 15 s (${String(error)}):\n${output}`);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  return {
    urlFor,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGINT');
        await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
        if (child.exitCode === null) child.kill('SIGKILL');
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
