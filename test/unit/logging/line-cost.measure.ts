/**
 * Measures the CPU one log line costs, in process: `node --import tsx test/unit/logging/line-cost.measure.ts
 * <default|console> [linesPerTurn] [lines] > /tmp/x.log`. `default` is `createDefaultLogger()`; `console` is the
 * configuration it replaced (timestamp, errors and json formats, Console transport). Lines go to stdout (redirect it
 * to a file or pipe, as under a process manager); the figures go to stderr. The loop logs the standalone server's
 * per-request line `linesPerTurn` times per event-loop turn, and the CPU of the same number of empty turns is
 * subtracted, so the figure is the logger's alone. Not a vitest file: it is run by hand, and it reports, never asserts.
 */
import winston from 'winston';
import { createDefaultLogger, type ScimLogger } from '../../../lib/logger.js';

function previousDefaultLogger(): ScimLogger {
  return winston.createLogger({
    level: 'info',
    format: winston.format.combine(winston.format.timestamp(), winston.format.errors({ stack: true }), winston.format.json()),
    defaultMeta: { service: 'scim-directory' },
    transports: [new winston.transports.Console()],
  });
}

function cpuMicros(): number {
  const { user, system } = process.cpuUsage();
  return user + system;
}

/** Runs `turns` event-loop turns, calling `body` in each; resolves with the CPU µs they took. */
async function runTurns(turns: number, body: (turn: number) => void): Promise<number> {
  const start = cpuMicros();
  for (let turn = 0; turn < turns; turn++) {
    body(turn);
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  return cpuMicros() - start;
}

const mode = process.argv[2] ?? 'default';
const perTurn = Number(process.argv[3] ?? 1);
const lines = Number(process.argv[4] ?? 100_000);
const logger = mode === 'console' ? previousDefaultLogger() : createDefaultLogger('info');
const tenantId = '5b0f3c3e-8d4a-4f55-9d7e-2a1c9f0e6b11';
const logTurn = (turn: number): void => {
  for (let i = 0; i < perTurn; i++) {
    logger.info('scim request', {
      requestId: `9c2e4b7a-1f3d-4e8a-b5c6-${String(turn * perTurn + i).padStart(12, '0')}`,
      tenantId,
      method: 'GET',
      path: `/scim/${tenantId}/v2/Users`,
      status: 200,
      durationMs: 3.4,
    });
  }
};
const turns = Math.ceil(lines / perTurn);
await runTurns(Math.ceil(turns / 5), logTurn); // warm-up: let the JIT settle on both paths
await runTurns(Math.ceil(turns / 5), () => undefined);
const empty = await runTurns(turns, () => undefined);
const logging = await runTurns(turns, logTurn);
const perLine = (logging - empty) / (turns * perTurn);
const emptyTurn = (empty / turns).toFixed(2);
process.stderr.write(`${mode}\t${perTurn} lines/turn\t${turns * perTurn} lines\t${perLine.toFixed(2)} µs CPU/line\t(empty turn ${emptyTurn} µs)\n`);
