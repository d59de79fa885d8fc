import { describe, expect, it } from 'vitest';
import { pastThreshold } from '../../../lib/provisioning/deprovisioning-guard.js';
import { DEFAULT_TENANT_SETTINGS, mergeTenantSettings, readTenantSettings } from '../../../lib/tenants/tenant-settings.js';

describe('the deprovisioning guard threshold', () => {
  const defaults = DEFAULT_TENANT_SETTINGS;

  it('is off by default, with 10 %, 20 users and an hour', () => {
    expect(readTenantSettings({})).toMatchObject({
      deprovisioningGuard: false,
      deprovisioningGuardPercent: 10,
      deprovisioningGuardMinimum: 20,
      deprovisioningGuardWindowMinutes: 60,
    });
  });

  it('holds the 20th departure of 100 active users within the window, not the 19th', () => {
    // recent: others departed in the window; active: active now (this user included, the others not).
    expect(pastThreshold(defaults, 18, 82)).toBe(false);
    expect(pastThreshold(defaults, 19, 81)).toBe(true);
  });

  it('needs more than the percentage of a large directory', () => {
    // 1 000 active at the window's start: the 100th departure is 10 %, not more; the 101st is.
    expect(pastThreshold(defaults, 99, 901)).toBe(false);
    expect(pastThreshold(defaults, 100, 900)).toBe(true);
  });

  it('never holds below the minimum, even in a small directory', () => {
    expect(pastThreshold(defaults, 18, 1)).toBe(false);
    expect(pastThreshold(defaults, 19, undefined)).toBe(false);
  });

  it('follows the tenant’s own percentage and minimum', () => {
    const strict = mergeTenantSettings(defaults, { deprovisioningGuardPercent: 50, deprovisioningGuardMinimum: 2 });
    if (typeof strict === 'string') throw new Error(strict);
    expect(pastThreshold(strict, 1, 3)).toBe(false);
    expect(pastThreshold(strict, 2, 2)).toBe(true);
  });

  it('refuses settings out of range, naming them', () => {
    expect(mergeTenantSettings(defaults, { deprovisioningGuardWindowMinutes: 0 })).toMatch(/^deprovisioningGuardWindowMinutes must be an integer/);
    expect(mergeTenantSettings(defaults, { deprovisioningGuard: 'yes' })).toBe('deprovisioningGuard must be true or false');
  });
});
