/**
 * Turns request and response bodies into the bounded, redacted text the event log stores.
 */
import { redactJson, redactText } from './redact.js';

/** Default cap on each stored body, in characters. */
export const DEFAULT_BODY_CAP = 64 * 1024;

/** Cuts `text` to `cap` characters and says so, with the original length, so nobody mistakes it for the whole. */
export function capText(text: string, cap: number): string {
  if (text.length <= cap) return text;
  return `${text.slice(0, cap)}\n… [truncated: ${text.length} characters in all, the first ${cap} kept]`;
}

/** The stored form of a parsed request body: redacted JSON, pretty enough to read, capped. Undefined stays undefined. */
export function requestBodyText(body: unknown, cap = DEFAULT_BODY_CAP): string | undefined {
  if (body === undefined) return undefined;
  // express.json leaves `{}` on requests without a body; an empty object on a GET is not worth storing.
  if (typeof body === 'object' && body !== null && !Array.isArray(body) && Object.keys(body).length === 0) return undefined;
  let text: string;
  try {
    text = JSON.stringify(redactJson(body));
  } catch {
    return undefined;
  }
  return capText(text, cap);
}

/**
 * The stored form of a response body captured as its first pieces (strings as sent, or UTF-8 bytes) and its total
 * size in bytes: the text up to the cap, then token patterns and secret-named JSON pairs redacted as text (our own
 * responses never carry passwords — RFC 7643 §4.1.1 returned "never" — so a text pass suffices and avoids re-parsing
 * large list responses). String pieces are used as they are: the bytes they were sent as decode to the same text
 * (JSON.stringify writes no lone surrogates).
 */
export function responseBodyText(chunks: readonly (Buffer | string)[], totalBytes: number, cap = DEFAULT_BODY_CAP): string | undefined {
  if (totalBytes === 0) return undefined;
  let keptBytes = 0;
  let allStrings = true;
  for (const chunk of chunks) {
    if (typeof chunk === 'string') keptBytes += Buffer.byteLength(chunk, 'utf8');
    else {
      keptBytes += chunk.length;
      allStrings = false;
    }
  }
  let text = allStrings ? chunks.join('') : Buffer.concat(chunks.map((chunk) => (typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk))).toString('utf8');
  if (totalBytes > keptBytes || text.length > cap) {
    text = `${text.slice(0, cap)}\n… [truncated: ${totalBytes} bytes in all, the first ${Math.min(cap, text.length)} characters kept]`;
  }
  return redactText(text);
}
