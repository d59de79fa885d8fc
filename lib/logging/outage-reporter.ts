/**
 * Logs a recurring failure once per kind and interval instead of once per request: during a database restart every
 * request fails the same way, and a line (with a stack) per request buries everything else in the log. The first
 * failure of a kind is logged at once; the ones that follow within the interval are counted, and the count is
 * logged as `suppressed` with the next line of that kind, or when the interval ends.
 */
import type { ScimLogger } from '../logger.js';

/** The default interval: one line per failure kind per 10 seconds. */
export const DEFAULT_OUTAGE_LOG_INTERVAL_MS = 10_000;

/** Reports failures of a kind; see the module comment. */
export interface OutageReporter {
  /** Records one failure of `failureClass`; logs it unless one of its kind was logged within the interval. */
  report(failureClass: string, meta?: Record<string, unknown>): void;
}

interface KindState {
  loggedAt: number;
  suppressed: number;
  timer: ReturnType<typeof setTimeout> | undefined;
}

/** Creates a reporter writing to `logger.warn` (message `message`) at most once per `intervalMs` per kind. */
export function createOutageReporter(
  logger: ScimLogger,
  options: { readonly message?: string; readonly intervalMs?: number; readonly now?: () => number } = {},
): OutageReporter {
  const message = options.message ?? 'database unavailable';
  const intervalMs = options.intervalMs ?? DEFAULT_OUTAGE_LOG_INTERVAL_MS;
  const now = options.now ?? Date.now;
  const kinds = new Map<string, KindState>();

  const flushSuppressed = (failureClass: string, state: KindState): void => {
    state.timer = undefined;
    if (state.suppressed === 0) return;
    logger.warn(`${message} (repeated)`, { failureClass, suppressed: state.suppressed, intervalMs });
    state.suppressed = 0;
    state.loggedAt = now();
  };

  return {
    report(failureClass, meta = {}) {
      const at = now();
      const state = kinds.get(failureClass);
      if (state && at - state.loggedAt < intervalMs) {
        state.suppressed += 1;
        // The count is written when the interval ends, even if no failure of this kind follows.
        state.timer ??= setTimeout(() => flushSuppressed(failureClass, state), intervalMs - (at - state.loggedAt));
        state.timer.unref?.();
        return;
      }
      const suppressed = state?.suppressed ?? 0;
      if (state?.timer) clearTimeout(state.timer);
      kinds.set(failureClass, { loggedAt: at, suppressed: 0, timer: undefined });
      logger.warn(message, { failureClass, ...meta, ...(suppressed > 0 ? { suppressed } : {}) });
    },
  };
}
