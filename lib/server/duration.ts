/**
 * Durations written by people on the command line: `90s`, `30m`, `24h`, `7d`, or plain milliseconds.
 */

const UNITS: Readonly<Record<string, number>> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/** Milliseconds for a duration text; throws a message naming the accepted forms. */
export function parseDuration(text: string): number {
  const match = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d|w)?\s*$/i.exec(text);
  if (!match) throw new Error(`"${text}" is not a duration: use a number with a unit, like 90s, 30m, 24h or 7d.`);
  const unit = (match[2] ?? 'ms').toLowerCase();
  return Math.round(Number(match[1]) * (UNITS[unit] ?? 1));
}
