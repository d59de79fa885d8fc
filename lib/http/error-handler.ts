/**
 * The SCIM router's one error edge, the last layer of `scimRouter`, so errors of host middleware added with
 * `scimRouter.use` end here too: a ScimError as is; body-parser failures as 400 invalidSyntax / 413 / 415; a path
 * segment that is not valid percent-encoding (Express's router reports it when decoding a parameter) as 400; another
 * error carrying a 4xx `status` or `statusCode` (Express's convention, e.g. http-errors) with that status and its
 * message; an unavailable database (down, restarting, pool exhausted, statement timeout) as 503 with `Retry-After`,
 * logged once per kind and interval; anything else as 500 with a request id and no internals, its stack logged. A
 * search cancelled because its client left ({@link ClientGoneError}) gets no answer and no error line.
 */
import type { NextFunction, Request, Response } from 'express';
import { invalidSyntax, ScimError } from '../scim/errors.js';
import type { ScimLogger } from '../logger.js';
import { createOutageReporter, type OutageReporter } from '../logging/outage-reporter.js';
import { ClientGoneError } from '../store/cancellable-search.js';
import { DatabaseUnavailableError, unavailableFromDb } from '../store/pg-errors.js';
import { sendScimError } from './send-scim.js';

interface BodyParserError {
  type?: unknown;
  status?: unknown;
  limit?: unknown;
}

function fromBodyParser(error: BodyParserError, path: string): ScimError | undefined {
  switch (error.type) {
    case 'entity.parse.failed':
      return invalidSyntax('The request body is not valid JSON.');
    case 'entity.too.large':
      // The body limit is the advertised Bulk maxPayloadSize, so a Bulk request gets RFC 7644 §3.7.4's wording;
      // other requests have the smaller limit of one resource's request (json-body.ts).
      return /\/Bulk\/?$/i.test(path)
        ? new ScimError(413, `The size of the bulk operation exceeds the maxPayloadSize (${String(error.limit)}).`)
        : new ScimError(
            413,
            `The request body is larger than the limit of ${String(error.limit)} bytes for a request other than Bulk (resourceBodyLimit); send larger changes in several requests or through /Bulk.`,
          );
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return new ScimError(415, 'The request body must be UTF-8 JSON (application/scim+json or application/json).');
    case 'request.aborted':
      return new ScimError(400, 'The request body was not received completely.');
    case 'request.size.invalid':
      return new ScimError(400, 'The request body length does not match Content-Length.');
    default:
      return undefined;
  }
}

/** The 400 of Express's router for a parameter it cannot percent-decode ("Failed to decode param '%E0%A4%A'"). */
function fromParamDecoding(error: unknown): ScimError | undefined {
  if (!(error instanceof URIError) || (error as { status?: unknown }).status !== 400) return undefined;
  const segment = /'(.*)'$/.exec(error.message)?.[1] ?? '';
  return new ScimError(400, `The path segment "${segment}" is not valid percent-encoding.`);
}

/** An error with a client-error status of its own, as Express middleware reports one; its message is for the client. */
function fromHttpStatus(error: unknown): ScimError | undefined {
  if (!(error instanceof Error)) return undefined;
  const { status, statusCode, expose } = error as { status?: unknown; statusCode?: unknown; expose?: unknown };
  const code = typeof status === 'number' ? status : statusCode;
  if (typeof code !== 'number' || !Number.isInteger(code) || code < 400 || code > 499 || expose === false) return undefined;
  return new ScimError(code, error.message);
}

function describeCause(error: unknown): Record<string, unknown> {
  const cause = error instanceof DatabaseUnavailableError ? error.cause : error;
  if (!(cause instanceof Error)) return { error: String(cause) };
  const code = (cause as { code?: unknown }).code;
  return { error: cause.message, ...(typeof code === 'string' ? { code } : {}) };
}

/**
 * Turns any error into a SCIM error response; logs unexpected ones with their stack, and database outages through
 * `outages` (by default one line per kind per 10 s).
 */
export function scimErrorHandler(logger: ScimLogger, outages: OutageReporter = createOutageReporter(logger)) {
  return function handleScimError(error: unknown, req: Request, res: Response, next: NextFunction): void {
    if (error instanceof ClientGoneError) {
      // Nobody is left to answer, and nothing failed: no error line, no outage, no response.
      logger.debug('search ended: the client closed the connection', { requestId: String(res.getHeader('X-Request-Id') ?? ''), method: req.method, path: req.path });
      return;
    }
    if (res.headersSent) {
      next(error);
      return;
    }
    let scimError =
      error instanceof ScimError
        ? error
        : (fromBodyParser((error ?? {}) as BodyParserError, req.path) ?? fromParamDecoding(error) ?? fromHttpStatus(error) ?? unavailableFromDb(error));
    if (scimError instanceof DatabaseUnavailableError) {
      res.setHeader('Retry-After', String(scimError.retryAfterSeconds));
      const requestId = String(res.getHeader('X-Request-Id') ?? '');
      outages.report(scimError.failureClass, { requestId, method: req.method, path: req.path, ...describeCause(scimError) });
    }
    if (!scimError) {
      const requestId = String(res.getHeader('X-Request-Id') ?? '');
      logger.error('unexpected error in SCIM request', {
        requestId,
        method: req.method,
        path: req.path,
        error: error instanceof Error ? { message: error.message, stack: error.stack } : String(error),
      });
      scimError = new ScimError(500, `Internal server error; request id ${requestId}. The server log has the details.`);
    }
    sendScimError(res, scimError);
  };
}
