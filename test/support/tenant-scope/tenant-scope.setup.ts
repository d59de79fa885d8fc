/**
 * Vitest setup file: in the HTTP and integration tests, every statement the library issues is checked against the
 * distribution rules (one tenant per statement, tenant-scoped tables joined on `tenant_id`); a breach fails the
 * test file after its tests, printing the statement and the rule. Other test folders are not checked.
 */
import { afterAll, expect } from 'vitest';
import { recordLibraryStatements } from './statement-recorder.js';
import { TenantScopeCheck } from './tenant-scope-check.js';

const CHECKED = /[\\/]test[\\/](http|integration)[\\/]/;

if (CHECKED.test(expect.getState().testPath ?? '')) {
  const check = await TenantScopeCheck.create();
  recordLibraryStatements((statement) => check.check(statement));
  afterAll(() => {
    const breaches = check.breaches();
    if (breaches.length > 0) {
      throw new Error(`${breaches.length} statement(s) break the distribution rules (docs/scaling.md):\n\n${check.report()}`);
    }
  });
} else {
  recordLibraryStatements(() => undefined); // a file of another folder in the same worker: record nothing
}
