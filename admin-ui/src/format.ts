/**
 * Formatting of dates, numbers and statuses for display.
 */

/** `2026-11-28 14:05:09` in the browser's time zone, with the ISO time as a tooltip elsewhere. */
export function dateTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

/** "3 minutes ago", "in 2 days". */
export function relative(iso: string | null | undefined, now = Date.now()): string {
  if (!iso) return 'never';
  const diff = new Date(iso).getTime() - now;
  const abs = Math.abs(diff);
  const units: [number, string][] = [
    [86_400_000, 'day'],
    [3_600_000, 'hour'],
    [60_000, 'minute'],
    [1000, 'second'],
  ];
  for (const [ms, name] of units) {
    if (abs >= ms || ms === 1000) {
      const n = Math.max(1, Math.round(abs / ms));
      const text = `${n} ${name}${n === 1 ? '' : 's'}`;
      return diff < 0 ? `${text} ago` : `in ${text}`;
    }
  }
  return iso;
}

/** 1,234,567 */
export function count(n: number): string {
  return n.toLocaleString('en-US');
}

/** `ok`, `client-error` or `server-error`, for the status badge's class. */
export function statusClass(status: number): string {
  if (status >= 500) return 'server-error';
  if (status >= 400) return 'client-error';
  return 'ok';
}

/** A body as stored: pretty-printed when it is whole JSON, else as it is. */
export function prettyBody(body: string | null): string {
  if (body === null || body === '') return '';
  try {
    return JSON.stringify(JSON.parse(body), null, 2);
  } catch {
    return body;
  }
}

/** A credential as the event log names it: "Entra production (OAuth access token)"; null when none authenticated. */
export function credentialLabel(name: string | null, kind: string | null): string | null {
  if (name === null) return null;
  const kinds: Record<string, string> = { token: 'token', oauth_access: 'OAuth access token', oauth_client: 'OAuth client' };
  return `${name} (${kinds[kind ?? ''] ?? kind ?? 'credential'})`;
}
