import { describe, expect, it } from 'vitest';
import { bestFloor } from '../floor/run-floors.js';
import { bulkBatchSize } from '../phases/bulk-import.js';
import type { LoadFigures } from '../results.js';
import { parseBootstrapOutput } from '../scim-server.js';

describe('parseBootstrapOutput', () => {
  it('reads the first tenant printed by `serve` and points the URL at 127.0.0.1', () => {
    const log = [
      'scim-directory listening on http://localhost:40123 (PostgreSQL at 127.0.0.1:5432/scim_bench)',
      '  SCIM URL:  http://localhost:40123/scim/abc123/v2',
      '  Token:     scim_secret_token',
    ].join('\n');
    expect(parseBootstrapOutput(log)).toEqual({ scimUrl: 'http://127.0.0.1:40123/scim/abc123/v2', token: 'scim_secret_token' });
  });

  it('waits until both lines are there', () => {
    expect(parseBootstrapOutput('  SCIM URL:  http://localhost:1/scim/a/v2\n')).toBeUndefined();
  });
});

describe('bulkBatchSize', () => {
  it('is capped by maxOperations and by maxPayloadSize with a margin', () => {
    expect(bulkBatchSize(1000, 400, undefined, undefined)).toBe(1000);
    expect(bulkBatchSize(1000, 400, 250, undefined)).toBe(250);
    // 0.9 × 100 000 − 200 = 89 800 bytes for operations of 401 bytes with their comma.
    expect(bulkBatchSize(1000, 400, 1000, 100_000)).toBe(223);
    expect(bulkBatchSize(1000, 400, 1000, 10)).toBe(1);
  });
});

describe('bestFloor', () => {
  const figures = (requestsPerSecond: number): LoadFigures => ({
    requests: 1, ok: 1, failed: 0, durationMs: 1, requestsPerSecond, p50Ms: 1, p95Ms: 1, maxMs: 1, statuses: {},
  });

  it('takes the pass with the highest throughput per floor and keeps every pass rate', () => {
    const best = bestFloor([
      { bare: figures(900), insert: figures(1200), notes: ['a'] },
      { bare: figures(2500), insert: figures(1100), select: figures(2000), notes: [] },
    ]);
    expect(best.bare?.requestsPerSecond).toBe(2500);
    expect(best.insert?.requestsPerSecond).toBe(1200);
    expect(best.select?.requestsPerSecond).toBe(2000);
    expect(best.passes).toEqual({ bare: [900, 2500], insert: [1200, 1100], select: [2000] });
    expect(best.notes[0]).toBe('a');
  });

  it('flags a floor whose passes differ by more than 15 %: the machine changed speed during the run', () => {
    const steady = bestFloor([
      { bare: figures(1000), insert: figures(1000), notes: [] },
      { bare: figures(1150), insert: figures(900), notes: [] },
    ]);
    expect(steady.notes).toEqual([]);
    const moved = bestFloor([
      { bare: figures(900), insert: figures(1000), notes: [] },
      { bare: figures(2500), insert: figures(1000), notes: [] },
    ]);
    expect(moved.notes).toHaveLength(1);
    expect(moved.notes[0]).toMatch(/^the bare floor's passes differ by 178 % \(900 \/ 2500 req\/s\)/);
  });
});
