import { describe, expect, it } from 'vitest';
import { FEED_START, formatCursor, parseCursor } from '../../../lib/changes/feed-cursor.js';

describe('feed cursors', () => {
  it('round-trip a position, xid8 values beyond 2^53 included', () => {
    const position = { txid: '18446744073709551615', seq: '9007199254740993' };
    expect(parseCursor(formatCursor(position))).toEqual(position);
    expect(formatCursor({ txid: '741', seq: '2' })).toBe('741-2');
  });

  it('read no cursor as the start of the feed and drop leading zeros', () => {
    expect(parseCursor(undefined)).toEqual(FEED_START);
    expect(parseCursor('')).toEqual(FEED_START);
    expect(parseCursor('007-0010')).toEqual({ txid: '7', seq: '10' });
    expect(parseCursor('0-0')).toEqual({ txid: '0', seq: '0' });
  });

  it('refuse text that is not a cursor, naming the parameter', () => {
    for (const bad of ['12', '-1-2', '1-2-3', 'a-1', '1.5-2', ' 1-2', '18446744073709551616-1', '1-9223372036854775808']) {
      expect(() => parseCursor(bad), bad).toThrow(TypeError);
    }
    expect(() => parseCursor('x', 'since')).toThrow(/"since" must be a change-feed cursor/);
    expect(() => parseCursor(42 as never)).toThrow(TypeError);
  });
});
