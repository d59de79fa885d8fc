/**
 * The logger the directory writes to: the host's, or a winston JSON-lines logger by default. Messages carry
 * structured fields (request id, tenant id, method, path, status, duration) and never tokens or bodies.
 */
import winston from 'winston';

/** The logging interface the directory needs; winston, pino-style adapters and `console` wrappers fit it. */
export interface ScimLogger {
  error(message: string, meta?: Record<string, unknown>): void;
  warn(message: string, meta?: Record<string, unknown>): void;
  info(message: string, meta?: Record<string, unknown>): void;
  debug(message: string, meta?: Record<string, unknown>): void;
}

/** A winston logger writing JSON lines to stdout at `level` (default `info`, or `LOG_LEVEL`). */
export function createDefaultLogger(level = process.env.LOG_LEVEL ?? 'info'): ScimLogger {
  return winston.createLogger({
    level,
    format: winston.format.combine(winston.format.timestamp(), winston.format.errors({ stack: true }), winston.format.json()),
    defaultMeta: { service: 'scim-directory' },
    transports: [new winston.transports.Console()],
  });
}

/** True when `value` has the four methods of {@link ScimLogger}. */
export function isScimLogger(value: unknown): value is ScimLogger {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return ['error', 'warn', 'info', 'debug'].every((m) => typeof v[m] === 'function');
}
