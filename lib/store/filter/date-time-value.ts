/**
 * dateTime values in SQL (RFC 7643 §2.3.5: xsd:dateTime). Filter literals are validated strictly in JavaScript
 * before they are bound, and values read from stored documents are cast only behind a guard, because a cast
 * PostgreSQL rejects would turn a filter into a SQL error instead of a match or a 400.
 */
import { sql, bound, type SqlFragment } from './sql-fragment.js';

// Years 0001-9999 only: PostgreSQL and JavaScript disagree beyond them (year 0, signed and 5-digit years).
const DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.\d{1,9})?(?:Z|[+-](\d{2}):(\d{2}))$/;

function daysInMonth(year: number, month: number): number {
  // Day 0 of the next month is the last day of this one; UTC avoids the local zone.
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/**
 * True when `text` is an xsd:dateTime with a zone that PostgreSQL's timestamptz and JavaScript both read the same
 * way: year 0001-9999, a real calendar day, hours 00-23, no leap second, zone offset up to ±14:59.
 */
export function isSqlDateTime(text: string): boolean {
  const match = DATE_TIME.exec(text);
  if (!match) return false;
  const [year, month, day, hour, minute, second, offsetHour = 0, offsetMinute = 0] = match
    .slice(1)
    .map((part) => (part === undefined ? undefined : Number(part)));
  if (year === undefined || month === undefined || day === undefined) return false;
  return (
    year >= 1 &&
    month >= 1 &&
    month <= 12 &&
    day >= 1 &&
    day <= daysInMonth(year, month) &&
    (hour ?? 99) <= 23 &&
    (minute ?? 99) <= 59 &&
    (second ?? 99) <= 59 &&
    offsetHour <= 14 &&
    offsetMinute <= 59
  );
}

// The same shape in PostgreSQL's regex dialect, bound as a value: a literal `?` in SQL would be a knex placeholder.
const SQL_DATE_TIME_PATTERN =
  '^(000[1-9]|00[1-9][0-9]|0[1-9][0-9]{2}|[1-9][0-9]{3})-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])' +
  'T([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](\\.[0-9]{1,9})?(Z|[+-](0[0-9]|1[0-4]):[0-5][0-9])$';

/**
 * `text` (a SQL text expression, e.g. a string read from `doc`) as timestamptz, or NULL when it is not a dateTime
 * PostgreSQL can read. Nested CASEs because PostgreSQL evaluates CASE branches in order but `and` operands in any
 * order: the day-of-month check may only run once the shape is known to be right.
 */
export function safeTimestamptz(text: SqlFragment): SqlFragment {
  const lastDay = sql`extract(day from (substr(${text}, 1, 7) || '-01')::date + interval '1 month' - interval '1 day')`;
  return sql`(case when ${text} ~ ${bound(SQL_DATE_TIME_PATTERN)} then case when substr(${text}, 9, 2)::int <= ${lastDay} then (${text})::timestamptz end end)`;
}
