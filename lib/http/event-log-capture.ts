/**
 * Event-log capture for the SCIM router: a middleware that gives the response a recorder keeping (a capped copy of)
 * the body bytes the router sends (sent-body.ts), and a finished-request listener that turns the exchange into an
 * {@link EventRecord} for the buffered writer. Every
 * request of a known tenant is recorded, refused ones (401) included; requests to unknown tenants are not (they
 * would let anyone fill someone's log). The request body is recorded as parsed, before any dialect normalisation.
 *
 * List responses (`GET /Users`, `GET /Groups`, `.search`) are kept shorter than other bodies: a page of 100 users
 * is ~65 KB, and paging through a directory filled the writer's buffer with a full copy of every page — the
 * server's memory peak (RSS 362 MB against 186 MB without capture, in a paging-only run). Their first KiBs (the
 * totals and the first resources) say what an administrator needs; the logged query repeats the rest.
 */
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { DEFAULT_BODY_CAP, requestBodyText, responseBodyText } from '../eventlog/body-text.js';
import type { EventLogWriter } from '../eventlog/event-log-writer.js';
import { redactQuery, redactText } from '../eventlog/redact.js';
import type { FinishedRequestListener } from './scim-router.js';
import { recordSentBody, sentBodyRecorder, type SentBodyRecorder } from './sent-body.js';

/** Recognises the identity provider of a request; undefined when unsure. */
export type ProviderDetector = (userAgent: string | undefined, body: unknown) => string | undefined;

/** What capture needs. */
export interface EventLogCaptureParts {
  readonly writer: EventLogWriter;
  /** Names the identity provider; without one only the User-Agent is kept. */
  readonly detectProvider?: ProviderDetector;
  /** Cap on each stored body, in characters. Default 64 KiB. */
  readonly bodyCap?: number;
  /** Cap on stored list responses (see the module comment), in characters; at most `bodyCap`. Default 8 KiB. */
  readonly listBodyCap?: number;
}

/** The two halves of capture. */
export interface EventLogCapture {
  /** Put in front of the SCIM router: records the response bytes as they are written. */
  readonly captureResponse: RequestHandler;
  /** Give to the SCIM router's `onFinished`. */
  readonly onFinished: FinishedRequestListener;
}

/**
 * The first bytes of one response body (up to 4 × its character cap: 4 bytes a character at worst, so they always
 * hold `cap` characters) and its total size.
 */
class CapturedBody implements SentBodyRecorder {
  readonly chunks: Buffer[] = [];
  kept = 0;
  total = 0;

  constructor(readonly cap: number) {}

  add(piece: Buffer | string): void {
    const size = typeof piece === 'string' ? Buffer.byteLength(piece, 'utf8') : piece.length;
    this.total += size;
    const room = this.cap * 4 - this.kept;
    // Past the cap a piece is only counted: a streamed 100 000-member group is not copied into buffers to be dropped.
    if (size === 0 || room <= 0) return;
    const buffer = typeof piece === 'string' ? Buffer.from(piece, 'utf8') : piece;
    const part = buffer.length <= room ? buffer : buffer.subarray(0, room);
    this.chunks.push(part);
    this.kept += part.length;
  }
}

/** The default cap on stored list responses, in characters. */
export const DEFAULT_LIST_BODY_CAP = 8 * 1024;

const LIST_PATH = /\/v2\/(?:(?:Users|Groups)\/?|(?:(?:Users|Groups)\/)?\.search)$/i;

/** True when the request asks for a ListResponse: GET of /Users or /Groups, or a .search (RFC 7644 §3.4.2-3). */
export function isListRequest(method: string, originalUrl: string): boolean {
  const q = originalUrl.indexOf('?');
  const path = q < 0 ? originalUrl : originalUrl.slice(0, q);
  if (!LIST_PATH.test(path)) return false;
  return path.endsWith('.search') ? method === 'POST' : method === 'GET';
}

/** Splits `originalUrl` into the path below `/<tenant>/v2` and the query. */
export function splitScimUrl(originalUrl: string, tenantId: string): { path: string; query: string | undefined } {
  const q = originalUrl.indexOf('?');
  const fullPath = q < 0 ? originalUrl : originalUrl.slice(0, q);
  const query = q < 0 || q === originalUrl.length - 1 ? undefined : originalUrl.slice(q + 1);
  const marker = `/${tenantId}/v2`;
  const at = tenantId ? fullPath.indexOf(marker) : -1;
  const rest = at < 0 ? fullPath : fullPath.slice(at + marker.length);
  return { path: rest === '' ? '/' : rest, query };
}

/** `Users` and the id from `/Users/<id>`; the id of a create comes from its `Location`. */
export function resourceOf(path: string, location: string | undefined): { type: string | undefined; id: string | undefined } {
  const [, type, id] = path.split('/');
  let resourceId = id ? safeDecode(id) : undefined;
  if (!resourceId && location) resourceId = safeDecode(location.split('?')[0]?.split('/').pop() ?? '') || undefined;
  return { type: type ? safeDecode(type) : undefined, id: resourceId };
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** Builds capture over a writer. */
export function createEventLogCapture(parts: EventLogCaptureParts): EventLogCapture {
  const { writer, detectProvider } = parts;
  const cap = parts.bodyCap ?? DEFAULT_BODY_CAP;
  const listCap = Math.min(cap, parts.listBodyCap ?? DEFAULT_LIST_BODY_CAP);

  const captureResponse: RequestHandler = (req: Request, res: Response, next: NextFunction) => {
    recordSentBody(res, new CapturedBody(isListRequest(req.method, req.originalUrl) ? listCap : cap));
    next();
  };

  const onFinished: FinishedRequestListener = (req, res, context, durationMs) => {
    const tenant = context.tenant;
    if (!tenant || tenant.settings.eventLogSize <= 0) return;
    const captured = sentBodyRecorder(res);
    const { path, query } = splitScimUrl(req.originalUrl, context.tenantId);
    const location = res.getHeader('Location');
    const resource = resourceOf(path, typeof location === 'string' ? location : undefined);
    const userAgent = req.get('user-agent');
    // Before authentication the body is not read (express.json runs after it), so 401s carry none.
    const body: unknown = context.authenticated ? req.body : undefined;
    let provider: string | undefined;
    try {
      provider = detectProvider?.(userAgent, body);
    } catch {
      provider = undefined;
    }
    writer.record({
      tenantId: tenant.id,
      at: new Date(Date.now() - durationMs),
      requestId: context.requestId,
      method: req.method,
      path: redactText(path),
      query: query === undefined ? undefined : redactQuery(query),
      status: res.statusCode,
      durationMs,
      provider,
      userAgent: userAgent ? redactText(userAgent.slice(0, 512)) : undefined,
      resourceType: resource.type,
      resourceId: resource.id?.slice(0, 256),
      requestBody: requestBodyText(body, cap),
      responseBody: captured instanceof CapturedBody ? responseBodyText(captured.chunks, captured.total, captured.cap) : undefined,
      keep: tenant.settings.eventLogSize,
    });
  };

  return { captureResponse, onFinished };
}
