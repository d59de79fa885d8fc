/**
 * Cursors of RFC 9865 (cursor-based pagination): opaque to clients, made only of RFC 3986 unreserved characters
 * (base64url and a dot), signed, and bound to the tenant and to the query they page through.
 *
 * A cursor names a position in the sorted result (the sortBy value and the creation sequence of a resource) and a
 * direction: the page after it (`nextCursor`) or before it (`previousCursor`). Positions, not offsets, so a page
 * deep in a million users is a keyset read that costs what the first page does, and a resource created or deleted
 * meanwhile does not shift the pages. The HMAC covers the tenant id, so a cursor of one tenant is refused by
 * another; the signing key lives in `scim_settings`, so every instance on one database accepts every cursor.
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Knex } from 'knex';
import { ScimError } from '../scim/errors.js';
import type { ResourceTypeName } from '../scim/schema/types.js';
import { settingOnce } from '../store/settings-store.js';
import type { KeysetPosition } from '../store/keyset-rows.js';

/** What a cursor says: where the page starts and which way it reads. */
export interface CursorState {
  /** `after`: the page after `position` (absent: the first page); `before`: the page before it. */
  readonly direction: 'after' | 'before';
  readonly position?: KeysetPosition;
  /** The resource type `position` is in, for a root search over several types (RFC 7644 §3.4.3). */
  readonly type?: ResourceTypeName;
}

/** The query a cursor belongs to: a cursor is refused for any other (RFC 9865: only `cursor` may change). */
export interface CursorScope {
  readonly tenantId: string;
  /** Resource type, filter, sortBy and sortOrder, as given. */
  readonly query: readonly string[];
}

interface Payload {
  readonly v: 1;
  /** Digest of the query. */
  readonly q: string;
  /** `a` after, `b` before. */
  readonly d: 'a' | 'b';
  /** Sort value (null for a resource without one) and sequence. */
  readonly k?: readonly [string | null, string];
  /** Issued at, seconds since the epoch. */
  readonly t: number;
  /** Resource type of the position (root searches only). */
  readonly r?: ResourceTypeName;
}

const SIGNING_KEY_SETTING = 'cursor.signingKey';
const MAC_BYTES = 18;

/** 400 invalidCursor (RFC 9865 §3.12 addition). */
export function invalidCursor(detail: string): ScimError {
  return new ScimError(400, detail, 'invalidCursor');
}

function digest(parts: readonly string[]): string {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(`${part.length}:${part}`);
  return hash.digest('base64url').slice(0, 16);
}

function isPayload(value: unknown): value is Payload {
  if (typeof value !== 'object' || value === null) return false;
  const p = value as Record<string, unknown>;
  const key = p.k;
  const keyOk =
    key === undefined ||
    (Array.isArray(key) && key.length === 2 && (key[0] === null || typeof key[0] === 'string') && typeof key[1] === 'string' && /^\d{1,19}$/.test(key[1]));
  const typeOk = p.r === undefined || p.r === 'User' || p.r === 'Group';
  return p.v === 1 && typeof p.q === 'string' && (p.d === 'a' || p.d === 'b') && typeof p.t === 'number' && Number.isFinite(p.t) && keyOk && typeOk;
}

/** Issues and reads cursors; one per directory instance (the key is loaded once, on first use). */
export class CursorCodec {
  private key: Promise<Buffer> | undefined;

  /**
   * @param knex where the shared signing key is kept.
   * @param timeoutSeconds how long a cursor is accepted after it was issued (advertised as `cursorTimeout`).
   * @param now the clock, in ms (tests pass their own).
   */
  constructor(
    private readonly knex: Knex,
    readonly timeoutSeconds: number,
    private readonly now: () => number = Date.now,
  ) {}

  private signingKey(): Promise<Buffer> {
    this.key ??= settingOnce(this.knex, SIGNING_KEY_SETTING, () => ({ key: randomBytes(32).toString('hex') })).then((value) => {
      const key = Buffer.from(String(value.key ?? ''), 'hex');
      if (key.length < 32) throw new Error(`The stored setting "${SIGNING_KEY_SETTING}" holds no valid cursor signing key.`);
      return key;
    });
    // A failed load is retried by the next request rather than remembered.
    this.key.catch(() => (this.key = undefined));
    return this.key;
  }

  private mac(key: Buffer, tenantId: string, body: string): Buffer {
    return createHmac('sha256', key).update(tenantId).update('\n').update(body).digest().subarray(0, MAC_BYTES);
  }

  /** A cursor for `state` in `scope`. */
  async encode(scope: CursorScope, state: CursorState): Promise<string> {
    const payload: Payload = {
      v: 1,
      q: digest(scope.query),
      d: state.direction === 'after' ? 'a' : 'b',
      ...(state.position ? { k: [state.position.sortValue, state.position.seq] as const } : {}),
      t: Math.floor(this.now() / 1000),
      ...(state.type ? { r: state.type } : {}),
    };
    const body = Buffer.from(JSON.stringify(payload), 'utf8').toString('base64url');
    return `${body}.${this.mac(await this.signingKey(), scope.tenantId, body).toString('base64url')}`;
  }

  /**
   * Reads a cursor a client sent back. 400 invalidCursor when it is not one of ours, belongs to another tenant or
   * another query; 400 expiredCursor when it is older than the timeout (RFC 9865).
   */
  async decode(scope: CursorScope, cursor: string): Promise<CursorState> {
    const [body, mac, extra] = cursor.split('.');
    if (!body || !mac || extra !== undefined || !/^[A-Za-z0-9_-]+$/.test(body) || !/^[A-Za-z0-9_-]+$/.test(mac)) {
      throw invalidCursor('The cursor is not a cursor this service issued; start again with an empty cursor and follow nextCursor.');
    }
    const expected = this.mac(await this.signingKey(), scope.tenantId, body);
    const given = Buffer.from(mac, 'base64url');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      throw invalidCursor('The cursor was not issued for this tenant or has been altered; start again with an empty cursor.');
    }
    let payload: unknown;
    try {
      payload = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
    } catch {
      payload = undefined;
    }
    if (!isPayload(payload)) throw invalidCursor('The cursor cannot be read; start again with an empty cursor.');
    if (payload.q !== digest(scope.query)) {
      throw invalidCursor('The cursor belongs to a query with another filter, sortBy or sortOrder; repeat the parameters of the first request unchanged (RFC 9865), changing only the cursor.');
    }
    const age = Math.floor(this.now() / 1000) - payload.t;
    if (age > this.timeoutSeconds) {
      throw new ScimError(400, `The cursor has expired: it was issued ${age} s ago and cursors are accepted for ${this.timeoutSeconds} s (cursorTimeout). Start again with an empty cursor.`, 'expiredCursor');
    }
    return {
      direction: payload.d === 'a' ? 'after' : 'before',
      ...(payload.k ? { position: { sortValue: payload.k[0], seq: payload.k[1] } } : {}),
      ...(payload.r ? { type: payload.r } : {}),
    };
  }
}
