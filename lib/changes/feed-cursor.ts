/**
 * Feed positions. The feed is ordered by `(txid, seq)`: the transaction that wrote a change, then the change's
 * sequence number (see migration 0003). A cursor is that pair as text, `<txid>-<seq>`, both unsigned decimal
 * integers; hosts store it and hand it back without looking inside.
 */
import type { FeedPosition } from '../store/feed-queries.js';

/** The position before every change. */
export const FEED_START: FeedPosition = Object.freeze({ txid: '0', seq: '0' });

const CURSOR = /^(\d{1,20})-(\d{1,20})$/;
const MAX_TXID = 2n ** 64n - 1n;
const MAX_SEQ = 2n ** 63n - 1n;

/** The cursor text of a position. */
export function formatCursor(position: FeedPosition): string {
  return `${position.txid}-${position.seq}`;
}

/**
 * The position a cursor names; undefined and `''` mean the start of the feed. Throws a `TypeError` naming the
 * parameter for text that is not a cursor.
 */
export function parseCursor(cursor: string | undefined, parameter = 'after'): FeedPosition {
  if (cursor === undefined || cursor === '') return FEED_START;
  const match = typeof cursor === 'string' ? CURSOR.exec(cursor) : null;
  if (!match || BigInt(match[1] as string) > MAX_TXID || BigInt(match[2] as string) > MAX_SEQ) {
    throw new TypeError(`scim-directory: "${parameter}" must be a change-feed cursor like "7391-52" (a change's cursor); got ${JSON.stringify(cursor)}.`);
  }
  return { txid: stripZeros(match[1] as string), seq: stripZeros(match[2] as string) };
}

function stripZeros(digits: string): string {
  return digits.replace(/^0+(?=\d)/, '');
}
