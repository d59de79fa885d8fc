import { describe, expect, it } from 'vitest';
import { expectStatus, runLoad } from '../load-driver.js';

const tick = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

describe('runLoad', () => {
  it('keeps at most `concurrency` requests in flight and sends every index once', async () => {
    let inFlight = 0;
    let peak = 0;
    const seen: number[] = [];
    const result = await runLoad({
      total: 40,
      concurrency: 4,
      send: async (i) => {
        seen.push(i);
        inFlight++;
        peak = Math.max(peak, inFlight);
        await tick(2);
        inFlight--;
        return { ok: true, status: 200 };
      },
    });
    expect(peak).toBe(4);
    expect([...seen].sort((a, b) => a - b)).toEqual(Array.from({ length: 40 }, (_, i) => i));
    expect(result.ok).toBe(40);
    expect(result.failed).toBe(0);
    expect(result.latencies).toHaveLength(40);
    expect(result.requestsPerSecond).toBeGreaterThan(0);
  });

  it('keeps latencies in request-index order, so per-batch figures can be read from either end', async () => {
    const result = await runLoad({
      total: 5,
      concurrency: 1,
      // Only the last request waits on a timer (at least 30 ms); the others answer at once, without yielding to other
      // work, so a busy machine cannot make one of them look slower than the last.
      send: (i) => (i === 4 ? tick(30) : Promise.resolve()).then(() => ({ ok: true, status: 200 })),
    });
    const last = result.latencies[4] ?? 0;
    expect(last).toBeGreaterThan(Math.max(...result.latencies.slice(0, 4)));
  });

  it('counts failures and throws by status, keeps the first failure and excludes failures from latencies', async () => {
    const result = await runLoad({
      total: 6,
      concurrency: 1,
      giveUpAfterFailures: 0,
      send: async (i) => {
        if (i === 1) throw new Error('connection refused');
        return i % 2 === 0 ? { ok: true, status: 201 } : { ok: false, status: 409, detail: `dup ${i}` };
      },
    });
    expect(result.ok).toBe(3);
    expect(result.failed).toBe(3);
    expect(result.statuses).toEqual({ '201': 3, '409': 2, '0': 1 });
    expect(result.firstFailure).toBe('request 1: connection refused');
    expect(result.latencies).toHaveLength(3);
  });

  it('gives up when nothing succeeds, so a missing endpoint costs little', async () => {
    let sent = 0;
    const result = await runLoad({
      total: 1000,
      concurrency: 2,
      giveUpAfterFailures: 10,
      send: async () => {
        sent++;
        return { ok: false, status: 404 };
      },
    });
    expect(result.gaveUp).toBe(true);
    expect(sent).toBeLessThan(20);
  });

  it('stops starting requests when the time budget is spent', async () => {
    const result = await runLoad({
      total: 1000,
      concurrency: 1,
      budgetMs: 30,
      send: async () => {
        await tick(5);
        return { ok: true, status: 200 };
      },
    });
    expect(result.outOfBudget).toBe(true);
    expect(result.ok).toBeLessThan(1000);
    expect(result.ok).toBeGreaterThan(0);
  });
});

describe('expectStatus', () => {
  it('accepts the expected statuses and describes any other with the body start', () => {
    expect(expectStatus({ status: 204, body: '' }, 200, 204)).toEqual({ ok: true, status: 204 });
    expect(expectStatus({ status: 400, body: '{"detail":"bad"}' }, 200)).toEqual({ ok: false, status: 400, detail: 'status 400: {"detail":"bad"}' });
  });
});
