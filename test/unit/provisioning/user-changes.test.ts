import { describe, it, expect } from 'vitest';
import { userUpdateChanges } from '../../../lib/provisioning/user-changes.js';

const columns = (active: boolean) => ({ id: 'u1', user_name: 'ada', external_id: 'x1', active });

describe('user change records', () => {
  it('records an update, plus a deactivation or reactivation only when active flips', () => {
    expect(userUpdateChanges({ active: true }, columns(true)).map((c) => c.type)).toEqual(['user.updated']);
    expect(userUpdateChanges({ active: true }, columns(false)).map((c) => c.type)).toEqual(['user.updated', 'user.deactivated']);
    expect(userUpdateChanges({ active: false }, columns(true)).map((c) => c.type)).toEqual(['user.updated', 'user.reactivated']);
  });
});
