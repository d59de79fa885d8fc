/**
 * A fair admission queue for work of many tenants sharing few slots (the database pool): at most `slots` run at
 * once, at most `perTenant` of them for one tenant, and a freed slot goes to the waiting tenant holding the fewest
 * (round robin among equals), so one tenant's burst queues behind its own share instead of in front of everyone.
 */

/** Gives a held slot back; calling it again does nothing. */
export type Release = () => void;

/** Limits of a {@link FairQueue}. */
export interface FairQueueLimits {
  /** Slots in all: how many run at once. */
  readonly slots: number;
  /** Slots one tenant may hold at once. */
  readonly perTenant: number;
  /** Waiters one tenant may have queued; beyond it {@link FairQueue.acquire} refuses. */
  readonly maxWaitingPerTenant: number;
}

/** The admission queue; one per router, no shared state. */
export class FairQueue {
  private running = 0;
  private readonly held = new Map<string, number>();
  /** Waiters by tenant; the map's order is the round-robin order (a served tenant moves to the back). */
  private readonly waiting = new Map<string, (() => void)[]>();

  constructor(readonly limits: FairQueueLimits) {}

  /** Resolves to a {@link Release} once the tenant may run; undefined when the tenant's queue is full. */
  acquire(tenant: string): Promise<Release> | undefined {
    if (!this.waiting.has(tenant) && this.mayRun(tenant)) return Promise.resolve(this.start(tenant));
    const queue = this.waiting.get(tenant) ?? [];
    if (queue.length >= this.limits.maxWaitingPerTenant) return undefined;
    this.waiting.set(tenant, queue);
    return new Promise((resolve) => queue.push(() => resolve(this.start(tenant))));
  }

  /** Slots held and waiters queued for a tenant (for tests and diagnostics). */
  state(tenant: string): { running: number; waiting: number } {
    return { running: this.held.get(tenant) ?? 0, waiting: this.waiting.get(tenant)?.length ?? 0 };
  }

  private mayRun(tenant: string): boolean {
    return this.running < this.limits.slots && (this.held.get(tenant) ?? 0) < this.limits.perTenant;
  }

  private start(tenant: string): Release {
    this.running++;
    this.held.set(tenant, (this.held.get(tenant) ?? 0) + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.running--;
      const left = (this.held.get(tenant) ?? 1) - 1;
      if (left === 0) this.held.delete(tenant);
      else this.held.set(tenant, left);
      this.dispatch();
    };
  }

  /**
   * Admits waiters while slots are free: each time the waiting tenant that holds the fewest slots, ties going to
   * the one served longest ago, so a tenant with nothing running never waits behind a busy one.
   */
  private dispatch(): void {
    while (this.running < this.limits.slots) {
      let chosen: string | undefined;
      for (const tenant of this.waiting.keys()) {
        if (!this.mayRun(tenant)) continue;
        if (chosen === undefined || (this.held.get(tenant) ?? 0) < (this.held.get(chosen) ?? 0)) chosen = tenant;
      }
      if (chosen === undefined) return;
      const queue = this.waiting.get(chosen) ?? [];
      const next = queue.shift();
      this.waiting.delete(chosen);
      if (queue.length > 0) this.waiting.set(chosen, queue); // to the back of the turn order
      next?.();
    }
  }
}
