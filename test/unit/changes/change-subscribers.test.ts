import { describe, expect, it } from 'vitest';
import { ChangeEvents } from '../../../lib/changes/change-subscribers.js';
import type { FeedChange } from '../../../lib/changes/change-types.js';
import { memoryLogger } from '../../support/http-host.js';

function change(type: FeedChange['type'], seq: number): FeedChange {
  return {
    seq,
    cursor: `1-${seq}`,
    tenantId: 't',
    at: new Date(0),
    type,
    resourceType: type.startsWith('user') ? 'User' : 'Group',
    resourceId: `r${seq}`,
    data: {},
  } as FeedChange;
}

describe('change events', () => {
  it('hand each change to the handlers of its type and then to *, in order', () => {
    const events = new ChangeEvents(memoryLogger());
    const calls: string[] = [];
    events.on('user.created', (e) => void calls.push(`created ${e.seq}`));
    events.on('user.deactivated', (e) => void calls.push(`deactivated ${e.data.userName ?? '?'} ${e.seq}`));
    events.on('*', (e) => void calls.push(`* ${e.type} ${e.seq}`));
    events.emit([change('user.created', 1), change('group.created', 2), change('user.deactivated', 3)]);
    expect(calls).toEqual(['created 1', '* user.created 1', '* group.created 2', 'deactivated ? 3', '* user.deactivated 3']);
  });

  it('remove handlers with the returned function or off(), and say whether any remain', () => {
    const events = new ChangeEvents(memoryLogger());
    const calls: number[] = [];
    const handler = (e: FeedChange) => void calls.push(e.seq);
    const off = events.on('*', handler);
    events.on('group.deleted', handler);
    expect(events.active).toBe(true);
    off();
    events.off('group.deleted', handler);
    expect(events.active).toBe(false);
    events.emit([change('group.deleted', 1)]);
    expect(calls).toEqual([]);
  });

  it('log a failing handler, sync or async, and still call the others', async () => {
    const logger = memoryLogger();
    const events = new ChangeEvents(logger);
    const calls: string[] = [];
    events.on('group.member_added', () => {
      throw new Error('sync failure');
    });
    events.on('group.member_added', async () => {
      throw new Error('async failure');
    });
    events.on('group.member_added', () => void calls.push('ran'));
    events.emit([change('group.member_added', 7)]);
    await new Promise((resolve) => setImmediate(resolve));
    expect(calls).toEqual(['ran']);
    const failures = logger.lines.filter((line) => line.message === 'a change event handler failed');
    expect(failures.map((line) => line.meta?.error)).toEqual(['Error: sync failure', 'Error: async failure']);
    expect(failures[0]?.meta).toMatchObject({ type: 'group.member_added', seq: 7, tenantId: 't' });
  });

  it('refuse unknown names and handlers that are not functions', () => {
    const events = new ChangeEvents(memoryLogger());
    expect(() => events.on('user.renamed' as never, () => undefined)).toThrow(/no event named "user.renamed"/);
    expect(() => events.on('user.created', 'x' as never)).toThrow(/must be a function/);
  });
});
