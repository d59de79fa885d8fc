/**
 * The multi-tenant benchmark's pure parts: the request mix and its pre-serialised bodies, the steps at which RSS is
 * read, the pool gauge parser, a tally's figures and the target verdicts.
 */
import { describe, expect, it } from 'vitest';
import { poolGauge } from '../tenants/pool-sampler.js';
import { MIX, createRequestPlan } from '../tenants/request-mix.js';
import { newTally } from '../tenants/tenant-load.js';
import { formatTenantsReport, loadFigures, type LoadFigures, type TenantsFigures } from '../tenants/tenants-report.js';
import { tenantsTargetRows } from '../tenants/tenants-targets.js';
import { tenantSteps } from '../tenants/touch-tenants.js';

describe('createRequestPlan', () => {
  const plan = createRequestPlan({ runId: 'r1', seededUsers: 50, userIds: ['u-a', 'u-b', 'u-c'], groupId: 'g-1' });

  it('sends lookups, creates, user PATCHes and member additions in the proportions of a sync cycle', () => {
    const kinds = Array.from({ length: MIX.length * 5 }, (_, n) => plan(n, 'x').kind);
    const count = (kind: string): number => kinds.filter((k) => k === kind).length;
    expect([count('lookup'), count('create'), count('patchUser'), count('addMember')]).toEqual([40, 15, 25, 20]);
  });

  it('builds bodies that are valid JSON, with unique userNames per request and phase', () => {
    const userNames = new Set<string>();
    for (const tag of ['alone', 'crowded']) {
      for (let n = 0; n < MIX.length * 3; n++) {
        const request = plan(n, tag);
        const body: unknown = request.body ? JSON.parse(request.body.toString('utf8')) : undefined;
        if (request.kind === 'create') {
          const userName = (body as { userName: string }).userName;
          expect(userName).toMatch(/^load-r1-(alone|crowded)-\d+@example\.com$/);
          userNames.add(userName);
        }
        if (request.kind === 'addMember') {
          expect(request.path).toBe('/Groups/g-1');
          expect(body).toMatchObject({ Operations: [{ op: 'add', path: 'members', value: [{ value: expect.stringMatching(/^u-[abc]$/) }] }] });
        }
        if (request.kind === 'patchUser') expect(request.path).toMatch(/^\/Users\/u-[abc]$/);
        if (request.kind === 'lookup') expect(decodeURIComponent(request.path)).toMatch(/^\/Users\?filter=userName eq "bench-r1-\d+@example\.com"$/);
      }
    }
    expect(userNames.size).toBe(2 * 3 * MIX.filter((k) => k === 'create').length);
  });

  it('refuses a tenant without seeded user ids', () => {
    expect(() => createRequestPlan({ runId: 'r1', seededUsers: 5, userIds: [], groupId: 'g' })).toThrow(/seeded users/);
  });
});

describe('tenantSteps', () => {
  it('reads RSS after 10, 100, 1 000 … tenants and after all of them', () => {
    expect(tenantSteps(1000)).toEqual([10, 100, 1000]);
    expect(tenantSteps(250)).toEqual([10, 100, 250]);
    expect(tenantSteps(10)).toEqual([10]);
    expect(tenantSteps(4)).toEqual([4]);
  });
});

describe('poolGauge', () => {
  it('reads a state of scim_db_pool_connections from Prometheus text', () => {
    const text = '# HELP x\nscim_db_pool_connections{state="used"} 7\nscim_db_pool_connections{state="pending"} 0\n';
    expect(poolGauge(text, 'used')).toBe(7);
    expect(poolGauge(text, 'pending')).toBe(0);
    expect(poolGauge(text, 'free')).toBeUndefined();
  });
});

describe('loadFigures', () => {
  it('tells successes, rate-limit 429s, fair-queue 429s and other failures apart', () => {
    const tally = newTally();
    tally.latencies.push(1, 2, 3, 4, 5, 6);
    tally.byKind.lookup.push(1, 2, 3, 4, 5, 6);
    Object.assign(tally.statuses, { '200': 2, '201': 1, '429': 2, '400': 1 });
    tally.rateLimited = 1;
    tally.queueFull = 1;
    tally.errors = 1;
    const figures = loadFigures(tally, 2, false);
    expect(figures).toMatchObject({ requests: 6, requestsPerSecond: 3, succeededPerSecond: 1.5, p50Ms: 3, maxMs: 6, otherFailures: 2 });
    expect(figures.sendLagP99Ms).toBeUndefined();
  });
});

function load(p99Ms: number): LoadFigures {
  const kind = { count: 0, p50Ms: Number.NaN, p99Ms: Number.NaN };
  return {
    requests: 100, requestsPerSecond: 10, succeededPerSecond: 10, p50Ms: p99Ms / 2, p99Ms, maxMs: p99Ms, statuses: { '200': 100 },
    byKind: { lookup: kind, create: kind, patchUser: kind, addMember: kind }, rateLimited: 0, queueFull: 0, errors: 0, otherFailures: 0, sendLagP99Ms: 1,
  };
}

function figures(alone: number, crowded: number, rss: readonly (number | undefined)[]): TenantsFigures {
  return {
    seeding: { tenantsSeconds: 1, usersSeconds: 1, users: 1, usersPerSecond: 1, bulkRequests: 1, rateLimitedRetries: 0 },
    paced: load(alone),
    pacedWithNoisy: load(crowded),
    noisy: { ...load(50), rateLimited: 900 },
    pool: { alone: { maxUsed: 3, maxPending: 0 }, crowded: { maxUsed: 10, maxPending: 0 } },
    waits: { alone: { samples: 2, activeBy: { running: 4 } }, crowded: { samples: 2, activeBy: { running: 6, 'Lock:tuple': 2 } } },
    cpu: {
      alone: { serverSeconds: 1, databaseSeconds: 0.5, clientSeconds: 0.1, machineBusy: 0.25, cores: 2, wallSeconds: 10 },
      crowded: { serverSeconds: 2, databaseSeconds: 1, clientSeconds: 0.2, machineBusy: 0.5, cores: 2, wallSeconds: 10 },
    },
    rssByTenants: rss.map((rssMb, i) => ({ tenants: 10 ** (i + 1), rssMb })),
    rssAfterLoadMb: 150,
  };
}

describe('tenantsTargetRows', () => {
  const verdicts = (f: TenantsFigures): string[] => tenantsTargetRows(f).slice(0, 4).map((r) => r.verdict);

  it('meets the targets when p99 stays under 100 ms, rises at most 25 % and RSS stays within 10 %', () => {
    expect(verdicts(figures(40, 50, [120, 124, 130]))).toEqual(['met', 'met', 'met', 'met']);
  });

  it('misses each target on its own', () => {
    expect(verdicts(figures(120, 130, [120, 124, 130]))).toEqual(['not met', 'not met', 'met', 'met']);
    expect(verdicts(figures(40, 51, [120, 124, 130]))).toEqual(['met', 'met', 'not met', 'met']);
    expect(verdicts(figures(40, 50, [120, 124, 140]))).toEqual(['met', 'met', 'met', 'not met']);
  });

  it('gives RSS no verdict with a single step or no /proc', () => {
    expect(verdicts(figures(40, 50, [120]))[3]).toBe('not measured');
    expect(verdicts(figures(40, 50, [undefined, 130]))[3]).toBe('not measured');
  });

  it('shows the per-tenant growth of RSS between the last two steps', () => {
    expect(tenantsTargetRows(figures(40, 50, [120, 124, 133]))[4]).toMatchObject({ value: 10, unit: 'KB' });
  });
});

describe('formatTenantsReport', () => {
  it('reports the CPU each side spent and what the paced load asks of the machine', () => {
    const text = formatTenantsReport(figures(40, 50, [120, 124]), 'run', []);
    expect(text).toContain('alone: server 0.1 (10 ms), PostgreSQL 0.05 (5 ms), load generator 0.01 (1 ms); the machine\'s 2 CPUs 25 % busy');
    // (1 + 0.5 + 0.1) s over 100 requests is 16 ms each; at 10 requests per second that is 0.16 CPUs.
    expect(text).toContain('16 ms of CPU per answered request (server, PostgreSQL and load generator) × 10 req/s = 0.16 of the machine\'s 2 CPUs');
  });
});
