/**
 * The distribution rules the suite applies to every statement the library issues (test/support/tenant-scope):
 * statements that keep to one tenant pass, and each way of leaving it is caught with the rule it breaks.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { loadModule, parseSync } from 'libpg-query';
import { checkStatement } from '../../support/tenant-scope/statement-rules.js';

beforeAll(async () => {
  await loadModule();
});

function rulesBroken(sql: string, bindings: unknown[] = ['t1', 'x', 'y']): string[] {
  const parsed = parseSync(sql) as { stmts: { stmt: Record<string, unknown> }[] };
  return parsed.stmts.flatMap(({ stmt }) => checkStatement(stmt, bindings)).map((b) => b.rule);
}

describe('tenant restriction', () => {
  it('accepts tenant_id equal to a parameter or a literal, qualified or not', () => {
    expect(rulesBroken('select * from scim_users where tenant_id = $1 and id = $2')).toEqual([]);
    expect(rulesBroken("select * from scim_users u where u.tenant_id = 't1'")).toEqual([]);
    expect(rulesBroken('update scim_users set active = false where tenant_id = $1::text and id = $2')).toEqual([]);
    expect(rulesBroken('delete from scim_groups g where (g.tenant_id, g.id) = ($1, $2)')).toEqual([]);
  });

  it('rejects a tenant-scoped table read without tenant_id, with several, or under OR', () => {
    expect(rulesBroken('select * from scim_users where id = $1')).toEqual(['tenant-restriction']);
    expect(rulesBroken('select * from scim_users where tenant_id = any($1)')).toEqual(['tenant-restriction']);
    expect(rulesBroken('select * from scim_users where tenant_id = $1 or id = $2')).toEqual(['tenant-restriction']);
    expect(rulesBroken('delete from scim_event_log where at < now()')).toEqual(['tenant-restriction']);
  });

  it('leaves reference tables alone', () => {
    expect(rulesBroken('select * from scim_tenants where name = $1')).toEqual([]);
  });

  it('follows tenant_id through CTEs, correlated subqueries and INSERT … SELECT', () => {
    expect(
      rulesBroken(`with u as (insert into scim_users (tenant_id, id) values ($1, $2) returning tenant_id, id)
                   insert into scim_changes (tenant_id, resource_id) select u.tenant_id, u.id from u`),
    ).toEqual([]);
    expect(
      rulesBroken(`select u.id from scim_users u where u.tenant_id = $1
                     and exists (select 1 from scim_memberships m where m.tenant_id = u.tenant_id and m.member_id = u.id)`),
    ).toEqual([]);
    expect(rulesBroken('insert into scim_users (tenant_id, id) select $1, x from unnest($2::uuid[]) as x')).toEqual([]);
  });

  it('rejects rows of several tenants in one INSERT', () => {
    expect(rulesBroken('insert into scim_users (tenant_id, id) values ($1, $2), ($3, $2)', ['t1', 'id', 't2'])).toEqual(['tenant-restriction']);
    expect(rulesBroken('insert into scim_users (tenant_id, id) select x.t, x.id from jsonb_to_recordset($1) as x(t text, id uuid)')).toEqual([
      'tenant-restriction',
    ]);
  });
});

describe('tenant joins', () => {
  const join = `select m.member_id from scim_groups g join scim_memberships m on m.group_id = g.id`;

  it('accepts tenant-scoped tables joined on tenant_id', () => {
    expect(rulesBroken(`${join} and m.tenant_id = g.tenant_id where g.tenant_id = $1`)).toEqual([]);
  });

  it('accepts two restrictions to the same value', () => {
    expect(rulesBroken(`${join} where g.tenant_id = $1 and m.tenant_id = $2`, ['t1', 't1'])).toEqual([]);
  });

  it('rejects tables of different tenants joined on another column', () => {
    expect(rulesBroken(`${join} where g.tenant_id = $1 and m.tenant_id = $2`, ['t1', 't2'])).toEqual(['tenant-join']);
  });
});
