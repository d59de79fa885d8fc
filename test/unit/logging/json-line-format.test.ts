/**
 * The default logger's format against the winston chain it replaced (`timestamp()`, `errors({ stack: true })`,
 * `json()`): the same keys and values for the lines the directory logs, key order aside.
 */
import { describe, expect, it } from 'vitest';
import winston from 'winston';
import type { Logform } from 'winston';
import { jsonLineFormat, MESSAGE } from '../../../lib/logging/json-line-format.js';

const LEVEL = Symbol.for('level');
const previous = winston.format.combine(winston.format.timestamp(), winston.format.errors({ stack: true }), winston.format.json());

/** The info object winston's `logger.<level>(message, meta)` builds with the default meta. */
function info(level: string, message: unknown, meta: object = {}): Logform.TransformableInfo {
  const built: Logform.TransformableInfo = Object.assign({}, { service: 'scim-directory' }, meta, { [LEVEL]: level, level, message });
  return built;
}

/** What winston's `logger.error(err)` passes on: the Error itself, with the level and default meta set on it. */
function errorAsInfo(e: Error): Logform.TransformableInfo {
  return Object.assign(e as Error & Logform.TransformableInfo, { level: 'error', [LEVEL]: 'error', service: 'scim-directory' });
}

function printed(format: Logform.Format, input: Logform.TransformableInfo): unknown {
  const output = format.transform(input, format.options);
  if (typeof output !== 'object') throw new Error('the format dropped the line');
  const line = output[MESSAGE];
  if (typeof line !== 'string') throw new Error('the format wrote no line');
  expect(line).not.toContain('\n');
  return JSON.parse(line);
}

/** Both formats over their own copy of an info, with one timestamp so that field compares too. */
function both(make: () => Logform.TransformableInfo): [unknown, unknown] {
  const fixed = '2024-05-01T12:34:56.789Z';
  return [printed(jsonLineFormat(() => fixed), make()), printed(previous, Object.assign(make(), { timestamp: fixed }))];
}

describe('jsonLineFormat', () => {
  it('prints the request line with level, message, service, timestamp and the meta fields', () => {
    const meta = { requestId: 'r-1', tenantId: 't-1', method: 'GET', path: '/scim/t-1/v2/Users', status: 200, durationMs: 3.4 };
    const line = printed(jsonLineFormat(() => '2024-05-01T12:34:56.789Z'), info('info', 'scim request', meta));
    expect(line).toStrictEqual({
      service: 'scim-directory', level: 'info', message: 'scim request', timestamp: '2024-05-01T12:34:56.789Z',
      requestId: 'r-1', tenantId: 't-1', method: 'GET', path: '/scim/t-1/v2/Users', status: 200, durationMs: 3.4,
    });
  });

  it('sets an ISO timestamp from the real clock by default', () => {
    const before = Date.now();
    const line = printed(jsonLineFormat(), info('info', 'x')) as { timestamp: string };
    expect(line.timestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(Date.parse(line.timestamp)).toBeGreaterThanOrEqual(before);
  });

  it('keeps a timestamp the meta brings, as before', () => {
    expect(printed(jsonLineFormat(), info('info', 'x', { timestamp: 'given' }))).toMatchObject({ timestamp: 'given' });
  });

  const error = (): Error => Object.assign(new Error('boom'), { code: 'E_BOOM' });
  /** Builds each info around the same Error, so both formats see the same stack. */
  const aroundOneError = (build: (e: Error) => Logform.TransformableInfo): (() => Logform.TransformableInfo) => {
    const shared = error();
    return () => build(shared);
  };
  const circular = (): object => {
    const node: Record<string, unknown> = { a: 1 };
    node.self = node;
    return { node };
  };
  it.each<[string, () => Logform.TransformableInfo]>([
    ['the request line', () => info('info', 'scim request', { requestId: 'r', status: 201, durationMs: 0.1 })],
    ['an error as a string field', () => info('error', 'x', { error: String(error()) })],
    ['an Error as a field (its enumerable fields only)', aroundOneError((e) => info('error', 'x', { error: e, attempt: 2 }))],
    ['an Error as the meta (message appended, stack kept)', aroundOneError((e) => Object.assign(info('error', 'x boom', e), { stack: e.stack }))],
    ['an Error as the info', aroundOneError(errorAsInfo)],
    ['an Error as the message', aroundOneError((e) => info('error', e))],
    [
      'undefined, null, NaN, Infinity, dates, arrays and toJSON',
      () => info('warn', 'y', { u: undefined, n: null, nan: Number.NaN, inf: Infinity, d: new Date(0), list: [1, undefined, 'a'], t: { toJSON: () => 'J' } }),
    ],
    ['nested objects', () => info('info', 'z', { obj: { z: 1, a: { y: [{ b: 2 }], c: 'é "q" \\ \u0001' } } })],
    ['a bigint (falls back to the safe serializer)', () => info('info', 'b', { big: 10n, other: 'kept' })],
    ['a cycle (falls back to the safe serializer)', () => info('info', 'c', circular())],
    ['meta overriding service and timestamp', () => info('info', 'o', { service: 'other' })],
  ])('prints %s with the values of the previous format', (_name, make) => {
    const [now, before] = both(make);
    expect(now).toStrictEqual(before);
  });

  it('writes the stack of an Error logged as the info', () => {
    const line = printed(jsonLineFormat(), errorAsInfo(error())) as { stack?: string; message?: string };
    expect(line.message).toBe('boom');
    expect(line.stack).toMatch(/^Error: boom\n\s+at /);
  });

  it('does not throw on a bigint or a cycle, and writes them as the safe serializer does', () => {
    expect(printed(jsonLineFormat(), info('info', 'b', { big: 12345678901234567890n }))).toMatchObject({ big: '12345678901234567890' });
    expect(printed(jsonLineFormat(), info('info', 'c', circular()))).toMatchObject({ node: { a: 1, self: '[Circular]' } });
  });
});
