/**
 * Event-log capture for the SCIM router: a middleware that gives the response a recorder keeping (a capped copy of)
 * the body pieces the router sends (see send-scim.ts), and a finished-request listener that hands the exchange to
 * the buffered writer as a {@link CapturedExchange}: references to the request body, the response pieces, the URL,
 * status and headers. The record itself (redaction, body text, path, resource, provider) is built at flush time,
 * and only for events the flush writes, so the request path does little. Every request of a known tenant is
 * recorded, refused ones (401) included; requests to unknown tenants are not (they would let anyone fill someone's
 * log). The request body is recorded as parsed, before any dialect normalisation.
 *
 * List responses (`GET /Users`, `GET /Groups`, `.search`) are kept shorter than other bodies: paging through a large
 * directory would otherwise hold a full copy of every page in the writer's buffer until the next flush. Their
 * beginning (the totals and the first resources) says what an administrator needs; the logged query repeats the rest.
 */
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { DEFAULT_BODY_CAP } from '../eventlog/body-text.js';
import { CapturedBody } from '../eventlog/captured-body.js';
import { CapturedExchange, type ExchangeRendering, type ProviderDetector } from '../eventlog/captured-exchange.js';
import type { EventLogWriter } from '../eventlog/event-log-writer.js';
import type { FinishedRequestListener } from './request-context.js';
import { recordResponseBody, responseBodyRecorder } from './send-scim.js';

export type { ProviderDetector } from '../eventlog/captured-exchange.js';

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
  /** Put in the tenant router before authentication: records the response bytes as they are written. */
  readonly captureResponse: RequestHandler;
  /** Give to the SCIM router's `onFinished`: hands each finished request to the writer. */
  readonly onFinished: FinishedRequestListener;
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

/** Builds capture over a writer. */
export function createEventLogCapture(parts: EventLogCaptureParts): EventLogCapture {
  const { writer } = parts;
  const cap = parts.bodyCap ?? DEFAULT_BODY_CAP;
  const listCap = Math.min(cap, parts.listBodyCap ?? DEFAULT_LIST_BODY_CAP);
  const rendering: ExchangeRendering = { bodyCap: cap, detectProvider: parts.detectProvider };

  const captureResponse: RequestHandler = (req: Request, res: Response, next: NextFunction) => {
    recordResponseBody(res, new CapturedBody(isListRequest(req.method, req.originalUrl) ? listCap : cap));
    next();
  };

  const onFinished: FinishedRequestListener = (req, res, context, durationMs) => {
    const tenant = context.tenant;
    if (!tenant || tenant.settings.eventLogSize <= 0) return;
    const captured = responseBodyRecorder(res);
    const location = res.getHeader('Location');
    writer.recordPending(
      new CapturedExchange(rendering, {
        tenantId: tenant.id,
        keep: tenant.settings.eventLogSize,
        urlTenantId: context.tenantId,
        requestId: context.requestId,
        startedAtMs: Date.now() - durationMs,
        durationMs,
        method: req.method,
        originalUrl: req.originalUrl,
        status: res.statusCode,
        location: typeof location === 'string' ? location : undefined,
        userAgent: req.get('user-agent'),
        // Before authentication the body is not read (express.json runs after it), so 401s carry none.
        body: context.authenticated ? (req.body as unknown) : undefined,
        contentLength: req.get('content-length'),
        response: captured instanceof CapturedBody ? captured : undefined,
        credential: context.credential,
        ignoredAttributes: context.ignoredAttributes,
      }),
    );
  };

  return { captureResponse, onFinished };
}
