/**
 * The logger the directory writes to: the host's, or a winston JSON-lines logger by default. Messages carry
 * structured fields (request id, tenant id, method, path, status, duration) and never tokens or bodies.
 */
import winston from 'winston';
import { CoalescingLineTransport, passThroughFormat } from './logging/coalescing-line-transport.js';
import { jsonLineFormat } from './logging/json-line-format.js';

/** The logging interface the directory needs; winston, pino-style adapters and `console` wrappers fit it. */
export interface ScimLogger {
  error(message: string, meta?: Record<string, unknown>): void;
  warn(message: string, meta?: Record<string, unknown>): void;
  info(message: string, meta?: Record<string, unknown>): void;
  debug(message: string, meta?: Record<string, unknown>): void;
}

/** How long the default logger's lines wait to be written together, in ms (see {@link createDefaultLogger}). */
export const DEFAULT_LOG_FLUSH_MS = 20;

/**
 * A winston logger writing JSON lines to `stream` (stdout) at `level` (default `info`, or `LOG_LEVEL`). Each line is
 * one JSON object with `level`, `message`, `service: "scim-directory"`, an ISO `timestamp` and the meta fields; an
 * `Error` logged as the info or the message contributes its `message` and `stack`. Lines reach the stream in
 * batches, `flushAfterMs` after the first of a batch (0: at the end of the event-loop turn): a write per request
 * line cost a busy server more than 5 % of its CPU. Lines still waiting when the process exits (also on an uncaught
 * exception or a signal handler that exits) are written synchronously from its 'exit' event; a `SIGKILL` loses at
 * most the last `flushAfterMs`.
 */
export function createDefaultLogger(
  level = process.env.LOG_LEVEL ?? 'info',
  stream: NodeJS.WritableStream = process.stdout,
  flushAfterMs = DEFAULT_LOG_FLUSH_MS,
): ScimLogger {
  return winston.createLogger({
    level,
    // Formatting runs in the transport, after the level filter: a line below the level costs no formatting.
    format: passThroughFormat(),
    defaultMeta: { service: 'scim-directory' },
    transports: [new CoalescingLineTransport({ stream, format: jsonLineFormat(), flushAfterMs })],
  });
}

/** True when `value` has the four methods of {@link ScimLogger}. */
export function isScimLogger(value: unknown): value is ScimLogger {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return ['error', 'warn', 'info', 'debug'].every((m) => typeof v[m] === 'function');
}
