import { describe, expect, it } from 'vitest';
import type { ScimResults } from '../bench-results.js';
import type { FloorResults } from '../floor/run-floors.js';
import { compare, targetRows } from '../report/targets.js';
import type { LoadFigures } from '../results.js';

function load(requestsPerSecond: number, p50Ms = 10): LoadFigures {
  return { requests: 100, ok: 100, failed: 0, durationMs: 1000, requestsPerSecond, p50Ms, p95Ms: p50Ms * 2, maxMs: p50Ms * 3, statuses: { '200': 100 } };
}

describe('compare', () => {
  it('judges a throughput ratio against a minimum', () => {
    const row = compare({ figure: 'POST', unit: 'req/s', value: 600, baseLabel: 'floor', base: 1000, bound: 'min', limit: 0.6, target: '≥ 0.6' });
    expect(row).toMatchObject({ ratio: 0.6, verdict: 'met' });
    expect(compare({ figure: 'POST', unit: 'req/s', value: 599, baseLabel: 'floor', base: 1000, bound: 'min', limit: 0.6, target: '' }).verdict).toBe('not met');
  });

  it('judges a latency ratio, or a value without a base, against a maximum', () => {
    expect(compare({ figure: 'PATCH', unit: 'ms', value: 14, baseLabel: 'first', base: 10, bound: 'max', limit: 1.3, target: '' })).toMatchObject({ ratio: 1.4, verdict: 'not met' });
    expect(compare({ figure: 'removal', unit: 'ms', value: 2.5, bound: 'max', limit: 3, target: '' })).toMatchObject({ verdict: 'met' });
    expect(compare({ figure: 'removal', unit: 'ms', value: 3.5, bound: 'max', limit: 3, target: '' })).toMatchObject({ verdict: 'not met' });
  });

  it('says why there is no verdict', () => {
    const unsupported = compare({
      figure: 'Bulk', unit: 'users/s', value: undefined, baseLabel: 'POST', base: 300, bound: 'min', limit: 3, target: '',
      missing: { verdict: 'not supported by the server', note: 'bulk.supported is false' },
    });
    expect(unsupported).toMatchObject({ verdict: 'not supported by the server', note: 'bulk.supported is false' });
    expect(compare({ figure: 'PUT', unit: 'req/s', value: 300, baseLabel: 'floor', base: undefined, bound: 'min', limit: 0.55, target: '' }).verdict).toBe('not measured');
    expect(compare({ figure: 'deep', unit: 'ms', value: 12, baseLabel: 'first', base: 10, target: '' })).toMatchObject({ ratio: 1.2, verdict: 'info' });
  });
});

describe('targetRows', () => {
  const floor: FloorResults = { bare: load(4000), insert: load(2000), select: load(3000), notes: [] };

  it('compares each SCIM figure with the floor or its own first measurement', () => {
    const scim: ScimResults = {
      state: 'measured',
      createUsers: { state: 'measured', load: load(1400) },
      lookups: { state: 'measured', load: load(800) },
      puts: { state: 'measured', load: load(600) },
      bulk: { state: 'measured', usersCreated: 1000, usersPerSecond: 5000, operationsFailed: 0 },
      group: { state: 'measured', batchSize: 100, membersAdded: 100_000, firstBatchMs: 10, lastBatchMs: 12, lastBatchAtMembers: 100_000, window: 10 },
      removals: { state: 'measured', groupMembers: 100_000, medianMs: 2 },
      paging: {
        index: { state: 'measured', deepStartIndex: 99_901, first: load(500, 10), deep: load(100, 50) },
        cursor: { state: 'unsupported', note: 'not supported by the server (no nextCursor)' },
      },
      rss: { samples: 10, maxMb: 260, byPhase: {} },
    };
    const rows = targetRows(scim, floor);
    const byFigure = (prefix: string) => rows.filter((r) => r.figure.startsWith(prefix));
    expect(byFigure('POST /Users')[0]).toMatchObject({ ratio: 0.7, verdict: 'met' });
    expect(byFigure('userName lookup')[0]).toMatchObject({ base: 4000, ratio: 0.2, verdict: 'not met' });
    expect(byFigure('userName lookup')[1]).toMatchObject({ base: 3000, verdict: 'info' });
    expect(byFigure('PUT /Users')[0]).toMatchObject({ ratio: 0.3, verdict: 'not met' });
    expect(byFigure('PATCH +100 members at 100000')[0]).toMatchObject({ ratio: 1.2, verdict: 'met' });
    expect(byFigure('member removal')[0]).toMatchObject({ value: 2, verdict: 'met' });
    expect(byFigure('Bulk import')[0]).toMatchObject({ base: 1400, ratio: 3.57, verdict: 'met' });
    expect(byFigure('deep cursor page')[0]).toMatchObject({ verdict: 'not supported by the server' });
    expect(byFigure('deep index page')[0]).toMatchObject({ ratio: 5, verdict: 'info' });
    expect(byFigure('server RSS')[0]).toMatchObject({ value: 260, verdict: 'not met' });
  });

  it('marks every figure not measured when the server produced nothing', () => {
    const rows = targetRows({ state: 'failed', note: 'did not start' }, floor);
    expect(rows.every((r) => r.verdict === 'not measured')).toBe(true);
  });
});
