/**
 * Replays one fixture step over HTTP against a tenant and checks the status, the body and the directory state.
 * Returns every problem found (empty when the step passed), so a failing replay says all that is wrong at once.
 */
import type { Knex } from 'knex';
import { scimFetch } from '../../support/http-host.js';
import type { ReplayStep, ReplaySuite, StateCheck } from './fixture.js';
import { mismatches } from './match.js';
import { substitute, valueAt } from './substitute.js';

/** Where a suite runs. */
export interface ReplayTarget {
  readonly baseUrl: string;
  readonly token: string;
  readonly tenantId: string;
  readonly knex: Knex;
}

/** The member ids of a group, from the membership table. */
async function memberIds(target: ReplayTarget, groupId: string): Promise<string[]> {
  const rows = await target.knex('scim_memberships').where({ tenant_id: target.tenantId, group_id: groupId }).select<{ member_id: string }[]>('member_id');
  return rows.map((row) => String(row.member_id)).sort();
}

async function checkState(target: ReplayTarget, suite: ReplaySuite, raw: StateCheck, variables: ReadonlyMap<string, string>): Promise<string[]> {
  const check = substitute(raw, variables);
  if ('get' in check) {
    const response = await scimFetch(`${target.baseUrl}${check.get}`, target.token, { headers: { ...suite.headers } });
    const status = check.status ?? 200;
    const problems = response.status === status ? [] : [`state GET ${check.get}: status ${response.status}, expected ${status}: ${response.text.slice(0, 300)}`];
    return check.body === undefined ? problems : [...problems, ...mismatches(response.body, check.body, `state GET ${check.get}`)];
  }
  if ('members' in check) {
    const actual = await memberIds(target, check.members);
    const expected = [...check.equals].sort();
    return JSON.stringify(actual) === JSON.stringify(expected) ? [] : [`members of ${check.members}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`];
  }
  const query = target.knex('scim_users').where({ tenant_id: target.tenantId }).whereNull('deleted_at');
  if (check.users.active !== undefined) query.where({ active: check.users.active });
  const [row] = await query.count<{ count: string | number }[]>({ count: '*' });
  const count = Number(row?.count ?? 0);
  const what = check.users.active === undefined ? 'users' : `${check.users.active ? 'active' : 'inactive'} users`;
  return count === check.users.count ? [] : [`${what}: expected ${check.users.count}, got ${count}`];
}

/** Runs `step`, saving values into `variables`; returns the problems. */
export async function runStep(target: ReplayTarget, suite: ReplaySuite, step: ReplayStep, variables: Map<string, string>): Promise<string[]> {
  const request = substitute(step.request, variables);
  const response = await scimFetch(`${target.baseUrl}${request.path}`, target.token, {
    method: request.method,
    headers: { ...suite.headers, ...(request.headers ?? {}) },
    ...(request.body !== undefined ? { body: request.body } : {}),
    ...(request.rawBody !== undefined ? { rawBody: request.rawBody } : {}),
  });
  const problems: string[] = [];
  if (response.status !== step.expect.status) {
    problems.push(`${request.method} ${request.path}: status ${response.status}, expected ${step.expect.status}: ${response.text.slice(0, 400)}`);
  }
  if (step.expect.body !== undefined) problems.push(...mismatches(response.body, substitute(step.expect.body, variables)));
  for (const [name, path] of Object.entries(step.expect.save ?? {})) {
    const value = valueAt(response.body, path);
    if (value === undefined) problems.push(`save ${name}: the response has no ${path}`);
    else variables.set(name, value);
  }
  for (const check of step.state ?? []) problems.push(...(await checkState(target, suite, check, variables)));
  return problems;
}
