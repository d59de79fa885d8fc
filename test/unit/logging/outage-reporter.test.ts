/**
 * The outage reporter: the first failure of a kind is logged at once, the rest of the interval's are counted and
 * the count goes out with the next line of that kind.
 */
import { describe, expect, it } from 'vitest';
import { createOutageReporter } from '../../../lib/logging/outage-reporter.js';
import { memoryLogger } from '../../support/http-host.js';

describe('createOutageReporter', () => {
  it('logs each kind once per interval and reports how many it suppressed', () => {
    const logger = memoryLogger();
    let now = 1_000;
    const reporter = createOutageReporter(logger, { intervalMs: 10_000, now: () => now });
    for (let i = 0; i < 50; i++) reporter.report('database-unreachable', { requestId: `r${i}` });
    reporter.report('statement-timeout');
    expect(logger.lines.map((l) => [l.message, l.meta?.failureClass, l.meta?.suppressed])).toEqual([
      ['database unavailable', 'database-unreachable', undefined],
      ['database unavailable', 'statement-timeout', undefined],
    ]);
    now += 10_000;
    reporter.report('database-unreachable', { requestId: 'later' });
    expect(logger.lines.at(-1)?.meta).toMatchObject({ failureClass: 'database-unreachable', requestId: 'later', suppressed: 49 });
  });
});
