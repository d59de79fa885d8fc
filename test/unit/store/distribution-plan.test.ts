/**
 * The Citus distribution plan as a unit: roles, order and co-location (no Citus is packaged for the test machine;
 * the "not installed" path runs for real in test/integration/server/cli-distribute.test.ts).
 */
import { describe, expect, it } from 'vitest';
import { distributionPlan } from '../../../lib/store/distribute.js';
import { REFERENCE_TABLES, TENANT_TABLES } from '../../../lib/store/table-roles.js';

describe('distribution plan', () => {
  const plan = distributionPlan();

  it('makes every global table a reference table before any table is distributed', () => {
    const firstDistributed = plan.findIndex((s) => s.role === 'distributed');
    expect(plan.slice(0, firstDistributed).map((s) => s.table)).toEqual([...REFERENCE_TABLES]);
    expect(plan.slice(0, firstDistributed).every((s) => s.sql === `select create_reference_table('${s.table}')`)).toBe(true);
  });

  it('distributes each tenant-scoped table by tenant_id, users before emails and groups before memberships', () => {
    const distributed = plan.filter((s) => s.role === 'distributed').map((s) => s.table);
    expect(distributed).toEqual([...TENANT_TABLES]);
    expect(distributed.indexOf('scim_users')).toBeLessThan(distributed.indexOf('scim_user_emails'));
    expect(distributed.indexOf('scim_groups')).toBeLessThan(distributed.indexOf('scim_memberships'));
  });

  it('co-locates every distributed table with the first', () => {
    const [anchor, ...others] = plan.filter((s) => s.role === 'distributed');
    expect(anchor?.sql).toBe("select create_distributed_table('scim_users', 'tenant_id')");
    for (const step of others) expect(step.sql).toBe(`select create_distributed_table('${step.table}', 'tenant_id', colocate_with => 'scim_users')`);
  });
});
