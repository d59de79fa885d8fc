import { describe, it, expect } from 'vitest';
import { userReplaceChanges, userUpdateChanges } from '../../../lib/provisioning/user-changes.js';

const columns = (active: boolean) => ({ id: 'u1', user_name: 'ada', external_id: 'x1', active });

describe('user change records', () => {
  it('records an update, plus a deactivation or reactivation only when active flips', () => {
    expect(userUpdateChanges({ active: true }, columns(true)).map((c) => c.type)).toEqual(['user.updated']);
    expect(userUpdateChanges({ active: true }, columns(false)).map((c) => c.type)).toEqual(['user.updated', 'user.deactivated']);
    expect(userUpdateChanges({ active: false }, columns(true)).map((c) => c.type)).toEqual(['user.updated', 'user.reactivated']);
  });

  it('gives an unread replace the update and the one flip its new active value could mean, with the same data', () => {
    const off = userReplaceChanges(columns(false));
    expect(off.updated).toEqual({ type: 'user.updated', resourceType: 'User', resourceId: 'u1', data: { userName: 'ada', externalId: 'x1', active: false } });
    expect(off.activeChange).toEqual({ ...off.updated, type: 'user.deactivated' });
    expect(userReplaceChanges(columns(true)).activeChange.type).toBe('user.reactivated');
  });
});
