/**
 * The coalescing transport on its own: the buffer bound, the per-turn 'exit' listener, 'logged', close, and the
 * format running only for accepted lines.
 */
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import winston from 'winston';
import { CoalescingLineTransport, passThroughFormat } from '../../../lib/logging/coalescing-line-transport.js';
import { jsonLineFormat, MESSAGE } from '../../../lib/logging/json-line-format.js';

function recordingStream(): { stream: Writable; writes: string[] } {
  const writes: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      writes.push(chunk.toString('utf8'));
      done();
    },
  });
  return { stream, writes };
}

const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

function loggerOver(transport: CoalescingLineTransport, level = 'info'): winston.Logger {
  return winston.createLogger({ level, format: passThroughFormat(), transports: [transport] });
}

describe('CoalescingLineTransport', () => {
  it('writes at once when the buffer passes maxBufferedChars, and the rest at the end of the turn', async () => {
    const { stream, writes } = recordingStream();
    const logger = loggerOver(new CoalescingLineTransport({ stream, format: jsonLineFormat(() => 'T'), maxBufferedChars: 300 }));
    for (let seq = 0; seq < 20; seq++) logger.info('line', { seq });
    const early = writes.length;
    expect(early).toBeGreaterThan(1);
    for (const chunk of writes) expect(chunk.length).toBeLessThan(300 + 100);
    await nextTurn();
    expect(writes.length).toBe(early + 1);
    const seqs = writes.join('').trimEnd().split('\n').map((line) => (JSON.parse(line) as { seq: number }).seq);
    expect(seqs).toStrictEqual(Array.from({ length: 20 }, (_, seq) => seq));
  });

  it('bounds the buffer at 64 Ki characters by default', async () => {
    const { stream, writes } = recordingStream();
    const logger = loggerOver(new CoalescingLineTransport({ stream, format: jsonLineFormat() }));
    const padding = 'p'.repeat(1_000);
    for (let seq = 0; seq < 200; seq++) logger.info('line', { seq, padding });
    expect(writes.length).toBeGreaterThanOrEqual(2);
    for (const chunk of writes) {
      expect(chunk.length).toBeGreaterThanOrEqual(64 * 1024);
      expect(chunk.length).toBeLessThan(64 * 1024 + 1_200);
    }
    await nextTurn();
  });

  it("holds an 'exit' listener only while lines wait", async () => {
    const { stream } = recordingStream();
    const logger = loggerOver(new CoalescingLineTransport({ stream, format: jsonLineFormat() }));
    const before = new Set(process.listeners('exit'));
    logger.info('one');
    logger.info('two');
    const added = process.listeners('exit').filter((listener) => !before.has(listener));
    expect(added).toHaveLength(1);
    await nextTurn();
    expect(process.listeners('exit')).not.toContain(added[0]);
  });

  it("writes the waiting lines when the process emits 'exit', and later lines at once", async () => {
    const { stream, writes } = recordingStream();
    const logger = loggerOver(new CoalescingLineTransport({ stream, format: jsonLineFormat() }));
    const before = new Set(process.listeners('exit'));
    logger.info('waiting');
    const [listener] = process.listeners('exit').filter((candidate) => !before.has(candidate));
    expect(listener).toBeTypeOf('function');
    listener?.(0);
    expect(writes).toHaveLength(1);
    logger.info('after exit began');
    expect(writes).toHaveLength(2);
    await nextTurn();
    expect(writes.join('')).toMatch(/"waiting".*\n.*"after exit began".*\n$/);
  });

  it('writes what waits on close, writes MESSAGE as it is without a format, and emits logged to listeners', () => {
    const { stream, writes } = recordingStream();
    const transport = new CoalescingLineTransport({ stream });
    const logged: unknown[] = [];
    transport.on('logged', (info: unknown) => logged.push(info));
    const logger = winston.createLogger({ level: 'info', format: winston.format.simple(), transports: [transport] });
    logger.info('hello', { a: 1 });
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatchObject({ [MESSAGE]: 'info: hello {"a":1}' });
    transport.close();
    expect(writes).toStrictEqual(['info: hello {"a":1}\n']);
  });

  it('honours its own level', async () => {
    const { stream, writes } = recordingStream();
    const logger = loggerOver(new CoalescingLineTransport({ stream, format: jsonLineFormat(), level: 'error' }), 'debug');
    logger.warn('dropped');
    logger.error('kept');
    await nextTurn();
    expect(writes.join('')).not.toContain('dropped');
    expect(writes.join('')).toContain('kept');
  });
});
