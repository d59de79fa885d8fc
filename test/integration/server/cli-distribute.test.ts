/**
 * `migrate --distribute` and `directory.distribute()` on a PostgreSQL without Citus (the suite's): nothing is
 * distributed, the plan is printed, and the exit code says so.
 */
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testDatabaseUrl, testKnex } from '../../support/database.js';
import { createScimDirectory } from '../../../lib/directory.js';
import { runCli } from '../../../lib/server/cli-commands.js';
import { CitusNotInstalledError, distributionPlan } from '../../../lib/store/distribute.js';
import { memoryLogger } from '../../support/http-host.js';

/** Runs the CLI in this process (as cli.ts does, which makes the code the exit code) on the suite's database. */
async function cli(args: string[]): Promise<{ code: number | undefined; stdout: string }> {
  const lines: string[] = [];
  const code = await runCli(args, (text) => lines.push(text));
  return { code, stdout: lines.join('\n') };
}

describe('migrate --distribute without the citus extension', () => {
  const knex = testKnex({ max: 2 });
  afterAll(() => knex.destroy());
  const saved = process.env.DATABASE_URL;
  beforeEach(() => {
    process.env.DATABASE_URL = testDatabaseUrl();
  });
  afterEach(() => {
    if (saved === undefined) delete process.env.DATABASE_URL;
    else process.env.DATABASE_URL = saved;
  });

  it('prints the statements it would run and exits with 1', async () => {
    const result = await cli(['migrate', '--distribute']);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('citus extension is not installed');
    for (const step of distributionPlan()) expect(result.stdout).toContain(`${step.sql};`);
  });

  it('prints the plan as JSON with --json', async () => {
    const result = await cli(['migrate', '--distribute', '--json']);
    expect(result.code).toBe(1);
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
