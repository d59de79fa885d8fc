/**
 * The fair admission queue with two tenants: a noisy one with a burst and a quiet one with a single request.
 */
import { describe, expect, it } from 'vitest';
import { FairQueue, type Release } from '../../../lib/http/fair-queue.js';

/** Admission order, recorded as each acquire resolves. */
function recorder(queue: FairQueue) {
  const admitted: string[] = [];
  const releases = new Map<string, Release>();
  const take = (tenant: string, label: string): void => {
    const pending = queue.acquire(tenant);
    if (!pending) throw new Error(`${label} refused`);
    void pending.then((release) => {
      admitted.push(label);
      releases.set(label, release);
    });
  };
  const settle = () => new Promise((resolve) => setImmediate(resolve));
  return { admitted, releases, take, settle };
}

describe('FairQueue', () => {
  it('lets a quiet tenant run beside a noisy one that is at its share', async () => {
    const queue = new FairQueue({ slots: 4, perTenant: 2, maxWaitingPerTenant: 10 });
    const r = recorder(queue);
    for (let i = 1; i <= 5; i++) r.take('noisy', `noisy${i}`);
    r.take('quiet', 'quiet1');
    await r.settle();
    expect(r.admitted).toEqual(['noisy1', 'noisy2', 'quiet1']);
    expect(queue.state('noisy')).toEqual({ running: 2, waiting: 3 });
  });

  it('gives a freed slot to the waiting tenant that holds the fewest, not to the first in line', async () => {
    const queue = new FairQueue({ slots: 2, perTenant: 2, maxWaitingPerTenant: 10 });
    const r = recorder(queue);
    for (let i = 1; i <= 4; i++) r.take('noisy', `noisy${i}`);
    await r.settle();
    r.take('quiet', 'quiet1');
    await r.settle();
    expect(r.admitted).toEqual(['noisy1', 'noisy2']);
    r.releases.get('noisy1')?.();
    await r.settle();
    expect(r.admitted).toEqual(['noisy1', 'noisy2', 'quiet1']);
    r.releases.get('noisy2')?.();
    r.releases.get('noisy2')?.(); // a second release gives nothing back twice
    await r.settle();
    expect(r.admitted).toEqual(['noisy1', 'noisy2', 'quiet1', 'noisy3']);
    expect(queue.state('noisy')).toEqual({ running: 1, waiting: 1 });
  });

  it("refuses a tenant whose queue is full and no other tenant's request", async () => {
    const queue = new FairQueue({ slots: 1, perTenant: 1, maxWaitingPerTenant: 1 });
    expect(queue.acquire('noisy')).toBeDefined();
    expect(queue.acquire('noisy')).toBeDefined();
    expect(queue.acquire('noisy')).toBeUndefined();
    expect(queue.acquire('quiet')).toBeDefined();
  });
});
