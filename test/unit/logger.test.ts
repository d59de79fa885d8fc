/**
 * The default logger: JSON lines with level, message, service, timestamp and meta; level filtering by parameter and
 * LOG_LEVEL; the lines of one turn in one write; and no line lost when the process exits.
 */
import { spawn } from 'node:child_process';
import { Writable } from 'node:stream';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createDefaultLogger, DEFAULT_LOG_FLUSH_MS, isScimLogger } from '../../lib/logger.js';

/** A stream that records each write it receives. */
function recordingStream(): { stream: Writable; writes: string[]; lines: () => Record<string, unknown>[] } {
  const writes: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      writes.push(chunk.toString('utf8'));
      done();
    },
  });
  const lines = (): Record<string, unknown>[] =>
    writes
      .join('')
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
  return { stream, writes, lines };
}

const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('createDefaultLogger: lines', () => {
  it('writes one JSON object per line with level, message, service, timestamp and the meta fields', async () => {
    const { stream, writes, lines } = recordingStream();
    const logger = createDefaultLogger('info', stream, 0);
    logger.info('scim request', { requestId: 'r-1', tenantId: 't-1', method: 'PATCH', path: '/scim/t-1/v2/Users/u', status: 204, durationMs: 2.5 });
    await nextTurn();
    expect(writes.join('')).toMatch(/^\{.*\}\n$/);
    const [line] = lines();
    expect(line).toStrictEqual({
      level: 'info', message: 'scim request', service: 'scim-directory', timestamp: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      requestId: 'r-1', tenantId: 't-1', method: 'PATCH', path: '/scim/t-1/v2/Users/u', status: 204, durationMs: 2.5,
    });
    expect(Math.abs(Date.parse(String(line?.timestamp)) - Date.now())).toBeLessThan(5_000);
  });

  it('prints an error logged as a string field, and an Error logged as the meta with its message and stack', async () => {
    const { stream, lines } = recordingStream();
    const logger = createDefaultLogger('info', stream, 0);
    const error = Object.assign(new TypeError('bad input'), { code: 'E_BAD' });
    logger.error('writing the event log failed', { events: 3, error: String(error) });
    logger.error('unexpected', error as unknown as Record<string, unknown>);
    await nextTurn();
    const [asString, asMeta] = lines();
    expect(asString).toMatchObject({ level: 'error', message: 'writing the event log failed', events: 3, error: 'TypeError: bad input' });
    expect(asMeta).toMatchObject({ level: 'error', message: 'unexpected bad input', code: 'E_BAD', service: 'scim-directory' });
    expect(asMeta?.stack).toBe(error.stack);
  });

  it('writes a line with a bigint or a cycle through the safe serializer instead of throwing', async () => {
    const { stream, lines } = recordingStream();
    const logger = createDefaultLogger('info', stream, 0);
    const cycle: Record<string, unknown> = { name: 'c' };
    cycle.self = cycle;
    logger.info('odd meta', { count: 5n, cycle });
    logger.info('plain after it', { ok: true });
    await nextTurn();
    expect(lines()).toMatchObject([
      { message: 'odd meta', count: '5', cycle: { name: 'c', self: '[Circular]' } },
      { message: 'plain after it', ok: true },
    ]);
  });

  it('is a ScimLogger', () => {
    expect(isScimLogger(createDefaultLogger('info', recordingStream().stream))).toBe(true);
  });
});

describe('createDefaultLogger: levels', () => {
  const saved = process.env.LOG_LEVEL;
  afterEach(() => {
    if (saved === undefined) delete process.env.LOG_LEVEL;
    else process.env.LOG_LEVEL = saved;
  });

  const logEveryLevel = async (logger: ReturnType<typeof createDefaultLogger>, lines: () => Record<string, unknown>[]): Promise<unknown[]> => {
    logger.debug('d');
    logger.info('i');
    logger.warn('w');
    logger.error('e');
    await nextTurn();
    return lines().map((line) => line.level);
  };

  it('writes the level given and above', async () => {
    const warn = recordingStream();
    expect(await logEveryLevel(createDefaultLogger('warn', warn.stream, 0), warn.lines)).toStrictEqual(['warn', 'error']);
    const debug = recordingStream();
    expect(await logEveryLevel(createDefaultLogger('debug', debug.stream, 0), debug.lines)).toStrictEqual(['debug', 'info', 'warn', 'error']);
  });

  it('defaults to LOG_LEVEL, and to info without it', async () => {
    process.env.LOG_LEVEL = 'error';
    const fromEnv = recordingStream();
    expect(await logEveryLevel(createDefaultLogger(undefined, fromEnv.stream, 0), fromEnv.lines)).toStrictEqual(['error']);
    delete process.env.LOG_LEVEL;
    const unset = recordingStream();
    expect(await logEveryLevel(createDefaultLogger(undefined, unset.stream, 0), unset.lines)).toStrictEqual(['info', 'warn', 'error']);
  });

  it('does not serialize a line below the level', async () => {
    const { stream, writes } = recordingStream();
    let serialized = 0;
    const logger = createDefaultLogger('info', stream, 0);
    logger.debug('hidden', { value: { toJSON: () => ++serialized } });
    await nextTurn();
    expect(serialized).toBe(0);
    expect(writes).toStrictEqual([]);
  });
});

describe('createDefaultLogger: writes', () => {
  it('writes the lines of one turn in one write at the end of the turn, and the next turn in another', async () => {
    const { stream, writes, lines } = recordingStream();
    const logger = createDefaultLogger('info', stream, 0);
    for (let seq = 0; seq < 50; seq++) logger.info('line', { seq });
    expect(writes).toHaveLength(0);
    await nextTurn();
    expect(writes).toHaveLength(1);
    logger.warn('next turn');
    logger.error('same turn');
    await nextTurn();
    expect(writes).toHaveLength(2);
    expect(lines().map((line) => line.seq ?? line.message)).toStrictEqual([...Array.from({ length: 50 }, (_, seq) => seq), 'next turn', 'same turn']);
  });

  it('by default batches the lines of several turns for DEFAULT_LOG_FLUSH_MS', async () => {
    // Only timeouts are faked, so the turns pass as usual and the flush comes when the test moves the clock on.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const { stream, writes, lines } = recordingStream();
    const logger = createDefaultLogger('info', stream);
    logger.info('first turn');
    await nextTurn();
    logger.info('second turn');
    await nextTurn();
    expect(writes).toHaveLength(0);
    vi.advanceTimersByTime(DEFAULT_LOG_FLUSH_MS - 1);
    expect(writes).toHaveLength(0);
    vi.advanceTimersByTime(1);
    vi.useRealTimers();
    expect(writes).toHaveLength(1);
    expect(lines().map((line) => line.message)).toStrictEqual(['first turn', 'second turn']);
  });
});

/** Runs the exit fixture with stdout piped; resolves with its exit code and the parsed stdout lines. */
function runFixture(mode: string, count: number): Promise<{ code: number | null; lines: Record<string, unknown>[]; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'test/unit/logging/fixtures/log-then-exit.ts', mode, String(count)], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
      if (mode === 'sigterm' && chunk.includes('ready')) child.kill('SIGTERM');
    });
    child.on('error', reject);
    child.on('close', (code) => {
      const lines = stdout.split('\n').filter((line) => line !== '').map((line) => JSON.parse(line) as Record<string, unknown>);
      resolve({ code, lines, stderr });
    });
  });
}

const sequence = (count: number): number[] => Array.from({ length: count }, (_, seq) => seq);

describe('createDefaultLogger: exit', () => {
  // 3 000 lines are about 390 KB: past the 64 Ki bound and past a pipe's buffer, so some go out early and the
  // rest must come from the 'exit' flush.
  it.each(['exit', 'natural', 'throw'])('loses no line when the process leaves by %s', async (mode) => {
    const { code, lines } = await runFixture(mode, 3_000);
    expect(code).toBe(mode === 'throw' ? 1 : 0);
    expect(lines.map((line) => line.seq)).toStrictEqual(sequence(3_000));
  });

  it('loses no line logged by a SIGTERM handler that exits', async () => {
    const { code, lines } = await runFixture('sigterm', 500);
    expect(code).toBe(0);
    expect(lines.map((line) => line.seq ?? line.message)).toStrictEqual([...sequence(500), 'stopping']);
  });

  it("writes a line logged by another 'exit' listener", async () => {
    const { code, lines } = await runFixture('exit-listener', 0);
    expect(code).toBe(0);
    expect(lines).toMatchObject([{ level: 'warn', message: 'exiting' }]);
  });
});
