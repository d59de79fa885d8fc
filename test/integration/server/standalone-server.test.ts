import { describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { testDatabaseUrl } from '../../support/database.js';

interface Started {
  child: ChildProcess;
  output: () => string;
  scimUrl: string;
  token: string;
  baseUrl: string;
}

async function startServer(env: Record<string, string>): Promise<Started> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'lib/server/cli.ts', 'serve'], {
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', PORT: '0', HOST: '127.0.0.1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  const deadline = Date.now() + 45_000;
  while (!/Try it:/.test(out)) {
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`server did not start:\n${out}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  const scimUrl = /SCIM URL:\s+(\S+)/.exec(out)?.[1] ?? '';
  const token = /Token:\s+(\S+)/.exec(out)?.[1] ?? '';
  const baseUrl = /listening on (\S+)/.exec(out)?.[1] ?? '';
  return { child, output: () => out, scimUrl, token, baseUrl };
}

async function stop(child: ChildProcess): Promise<number | null> {
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  child.kill('SIGTERM');
  return exited;
}

describe('standalone server', () => {
  it('on a fresh embedded database: prints a first tenant; curl without the token gets the SCIM 401, with it not', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'scim-serve-'));
    try {
      const server = await startServer({ SCIM_DATA_DIR: join(dir, 'data') });
      expect(server.scimUrl).toMatch(/^http:\/\/localhost:\d+\/scim\/[a-z0-9]{12}\/v2$/);
      expect(server.token).toMatch(/^scimdir_/);
      expect(server.output()).toContain(`curl -H "Authorization: Bearer ${server.token}" ${server.scimUrl}/Users`);
      const url = server.scimUrl.replace('localhost', '127.0.0.1');
      const anonymous = await fetch(`${url}/Users`);
      expect(anonymous.status).toBe(401);
      expect(anonymous.headers.get('www-authenticate')).toBe('Bearer realm="SCIM"');
      expect(await anonymous.json()).toMatchObject({ schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: '401' });
      const authorised = await fetch(`${url}/Users`, { headers: { authorization: `Bearer ${server.token}` } });
      expect(authorised.status).not.toBe(401);
      const health = await fetch(`${server.baseUrl.replace('localhost', '127.0.0.1')}/health`);
      expect(await health.json()).toEqual({ status: 'ok' });
      // Log lines never carry the token (it is printed once in the banner, which is not a log line). The logger
      // writes its lines every 20 ms, so wait for them rather than read the output at once.
      const logged = (): string[] => server.output().split('\n').filter((l) => l.startsWith('{'));
      for (const deadline = Date.now() + 5_000; logged().length === 0 && Date.now() < deadline; ) await new Promise((r) => setTimeout(r, 20));
      const logLines = logged();
      expect(logLines.length).toBeGreaterThan(0);
      expect(logLines.join('\n')).not.toContain(server.token);
      expect(await stop(server.child)).toBe(0);
      expect(existsSync(join(dir, 'data', 'scim-directory.lock'))).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 90_000);

  it('on PostgreSQL with PUBLIC_URL and no bootstrap tenant', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'lib/server/cli.ts', 'serve'], {
      env: { PATH: process.env.PATH ?? '', PORT: '0', HOST: '127.0.0.1', DATABASE_URL: testDatabaseUrl(), PUBLIC_URL: 'https://scim.example.com/', SCIM_BOOTSTRAP_TENANT: 'false' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
    const deadline = Date.now() + 30_000;
    while (!/listening on/.test(out) && Date.now() < deadline && child.exitCode === null) await new Promise((r) => setTimeout(r, 100));
    expect(out).toContain('listening on https://scim.example.com (PostgreSQL at 127.0.0.1');
    expect(out).not.toContain('Token:');
    expect(await stop(child)).toBe(0);
  }, 60_000);
});
