import { describe, expect, it } from 'vitest';
import { tenantHealth, windowStart } from '../../../lib/health/health-state.js';
import type { TenantActivityFacts } from '../../../lib/store/request-counts-store.js';

const NOW = new Date('2026-03-10T12:30:00Z');
const minutesAgo = (m: number): Date => new Date(NOW.getTime() - m * 60_000);

function facts(over: Partial<TenantActivityFacts>): TenantActivityFacts {
  return { tenantId: 't', lastRequestAt: minutesAgo(1), lastSuccessAt: minutesAgo(1), provider: 'entra', windowRequests: 10, windowErrors: 0, nextCredentialExpiry: null, heldChanges: 0, ...over };
}

describe('tenantHealth', () => {
  it('puts the most urgent state first', () => {
    expect(tenantHealth(facts({ windowErrors: 10 }), false, NOW).state).toBe('disabled');
    expect(tenantHealth(facts({ windowErrors: 10, heldChanges: 3 }), false, NOW).state).toBe('disabled');
    expect(tenantHealth(facts({ windowErrors: 10, heldChanges: 3 }), true, NOW)).toMatchObject({ state: 'changes-held', heldChanges: 3 });
    expect(tenantHealth(facts({ lastRequestAt: null, windowRequests: 0 }), true, NOW).state).toBe('never-connected');
    expect(tenantHealth(facts({ windowErrors: 2, nextCredentialExpiry: minutesAgo(-60) }), true, NOW).state).toBe('failing');
    expect(tenantHealth(facts({ windowErrors: 1, nextCredentialExpiry: minutesAgo(-60) }), true, NOW).state).toBe('credential-expiring');
    expect(tenantHealth(facts({}), true, NOW).state).toBe('healthy');
  });

  it('needs five requests in the window before the error rate counts', () => {
    expect(tenantHealth(facts({ windowRequests: 4, windowErrors: 4 }), true, NOW)).toMatchObject({ state: 'healthy', errorRate: 1 });
    expect(tenantHealth(facts({ windowRequests: 5, windowErrors: 1 }), true, NOW).state).toBe('failing');
  });

  it('judges quiet by the provider: two hours for Entra ID, a day for the others', () => {
    const threeHours = { lastRequestAt: minutesAgo(180), windowRequests: 0 };
    expect(tenantHealth(facts(threeHours), true, NOW).state).toBe('quiet');
    expect(tenantHealth(facts({ ...threeHours, provider: 'okta' }), true, NOW).state).toBe('healthy');
    expect(tenantHealth(facts({ lastRequestAt: minutesAgo(25 * 60), windowRequests: 0, provider: null }), true, NOW)).toMatchObject({ state: 'quiet', quietAfterMinutes: 1440 });
  });

  it('announces a credential expiring within seven days, not later', () => {
    expect(tenantHealth(facts({ nextCredentialExpiry: minutesAgo(-8 * 24 * 60) }), true, NOW).state).toBe('healthy');
    expect(tenantHealth(facts({ nextCredentialExpiry: minutesAgo(-6 * 24 * 60) }), true, NOW).state).toBe('credential-expiring');
  });

  it('starts the recent window at the previous full hour', () => {
    expect(windowStart(NOW).toISOString()).toBe('2026-03-10T11:00:00.000Z');
  });
});
