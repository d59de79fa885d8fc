/**
 * ISO-8601 timestamps for log lines without a `Date` per line: `new Date().toISOString()` was about a sixth of a
 * line's formatting CPU. The date, hour and minute change once a minute, so only seconds and milliseconds are
 * written per call.
 */

/** A function returning the current time as `toISOString()` would (`2024-05-01T12:34:56.789Z`). */
export type IsoClock = () => string;

const pad2 = (n: number): string => (n < 10 ? `0${n}` : `${n}`);
const pad3 = (n: number): string => (n < 10 ? `00${n}` : n < 100 ? `0${n}` : `${n}`);

/**
 * Creates an {@link IsoClock} reading `now` (default `Date.now`). It keeps the current minute's
 * `YYYY-MM-DDTHH:MM:` prefix and rebuilds it when the minute changes (forwards or, after a clock step, backwards).
 */
export function createIsoClock(now: () => number = Date.now): IsoClock {
  let minuteStart = Number.NaN;
  let prefix = '';
  return () => {
    const ms = Math.floor(now());
    const intoMinute = ((ms % 60_000) + 60_000) % 60_000;
    const start = ms - intoMinute;
    if (start !== minuteStart) {
      minuteStart = start;
      const iso = new Date(start).toISOString();
      prefix = iso.slice(0, iso.length - 'ss.sssZ'.length); // years past 9999 have a longer date part
    }
    return `${prefix}${pad2(Math.floor(intoMinute / 1000))}.${pad3(intoMinute % 1000)}Z`;
  };
}
