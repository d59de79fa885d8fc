/**
 * `scim-directory migrate --distribute`: after the migrations, distributes the tables by tenant on Citus, or says
 * why it cannot and what it would run (docs/scaling.md).
 */
import type { ScimDirectory } from '../directory.js';
import { CitusNotInstalledError } from '../store/distribute.js';

/** Distributes a migrated directory; resolves to the exit code (1 without the `citus` extension). */
export async function migrateAndDistribute(directory: ScimDirectory, json: boolean, print: (text: string) => void): Promise<number> {
  try {
    const { ran, skipped } = await directory.distribute();
    if (json) print(JSON.stringify({ migrated: true, distributed: true, ran: ran.map((s) => s.sql), skipped }));
    else {
      print('Migrations are up to date.');
      for (const step of ran) print(`Ran: ${step.sql};`);
      print(ran.length === 0 ? 'Every table already had its role; nothing to do.' : `Distributed ${ran.length} table(s) by tenant.`);
    }
    return 0;
  } catch (error) {
    if (!(error instanceof CitusNotInstalledError)) throw error;
    if (json) print(JSON.stringify({ migrated: true, distributed: false, reason: 'citus extension not installed', plan: error.plan.map((s) => s.sql) }));
    else print(`Migrations are up to date, but nothing was distributed.\n${error.message}`);
    return 1;
  }
}
