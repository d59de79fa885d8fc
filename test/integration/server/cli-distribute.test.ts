/**
 * `migrate --distribute` and `directory.distribute()` on a PostgreSQL without Citus (the suite's): nothing is
 * distributed, the plan is printed, and the exit code says so.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { testDatabaseUrl, testKnex } from '../../support/database.js';
import { createScimDirectory } from '../../../lib/directory.js';
import { CitusNotInstalledError, distributionPlan } from '../../../lib/store/distribute.js';
import { memoryLogger } from '../../support/http-host.js';

function runCli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'lib/server/cli.ts', ...args], {
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', DATABASE_URL: testDatabaseUrl() },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('migrate --distribute without the citus extension', () => {
  const knex = testKnex({ max: 2 });
  afterAll(() => knex.destroy());

  it('prints the statements it would run and exits with 1', async () => {
    const result = await runCli(['migrate', '--distribute']);
    expect(result.code, result.stderr).toBe(1);
    expect(result.stdout).toContain('citus extension is not installed');
    for (const step of distributionPlan()) expect(result.stdout).toContain(`${step.sql};`);
  });

  it('prints the plan as JSON with --json', async () => {
    const result = await runCli(['migrate', '--distribute', '--json']);
    expect(result.code, result.stderr).toBe(1);
    const printed = JSON.parse(result.stdout) as { distributed: boolean; plan: string[] };
    expect(printed.distributed).toBe(false);
    expect(printed.plan).toEqual(distributionPlan().map((s) => s.sql));
  });

  it('rejects through the host API with the plan, changing nothing', async () => {
    const directory = createScimDirectory({ knex, logger: memoryLogger() });
    try {
      const failure = await directory.distribute().catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(CitusNotInstalledError);
      expect((failure as CitusNotInstalledError).plan).toEqual(distributionPlan());
    } finally {
      await directory.close();
    }
  });
});
