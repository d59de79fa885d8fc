/**
 * The admin API's own error shape — small and not SCIM's, since its client is the admin UI, not an identity
 * provider: `{"error":{"code":"not_found","message":"No tenant \"x\".","field":"tenantId"}}`.
 */
import type { NextFunction, Request, Response } from 'express';
import type { ScimLogger } from '../logger.js';

/** Machine-readable error codes of the admin API. */
export type AdminErrorCode =
  | 'bad_request'
  | 'unauthenticated'
  | 'forbidden'
  | 'csrf'
  | 'not_found'
  | 'conflict'
  | 'confirmation_required'
  | 'too_many_requests'
  | 'internal';

/** The JSON body of an admin API error. */
export interface AdminErrorBody {
  readonly error: { readonly code: AdminErrorCode; readonly message: string; readonly field?: string; readonly count?: number; readonly requestId?: string };
}

/**
 * An admin API failure with its HTTP status. `field` names the input at fault; `count`, for a change that needs
 * confirmation, says how many things it would affect (so a client can show the number without parsing the message).
 */
export class AdminError extends Error {
  constructor(
    readonly status: number,
    readonly code: AdminErrorCode,
    message: string,
    readonly field?: string,
    readonly count?: number,
  ) {
    super(message);
    this.name = 'AdminError';
  }

  /** The response body. */
  toBody(requestId?: string): AdminErrorBody {
    return { error: { code: this.code, message: this.message, ...(this.field ? { field: this.field } : {}), ...(this.count !== undefined ? { count: this.count } : {}), ...(requestId ? { requestId } : {}) } };
  }
}

/** 400 naming the field. */
export function badRequest(message: string, field?: string): AdminError {
  return new AdminError(400, 'bad_request', message, field);
}

/** 404 naming what is missing. */
export function notFound(message: string, field?: string): AdminError {
  return new AdminError(404, 'not_found', message, field);
}

/** Writes an admin error. */
export function sendAdminError(res: Response, error: AdminError, requestId?: string): void {
  res.status(error.status).type('application/json').send(JSON.stringify(error.toBody(requestId)));
}

interface HttpishError {
  status?: unknown;
  type?: unknown;
}

/** The admin router's error edge: AdminError as is, body-parser errors as 400/413, anything else a logged 500. */
export function adminErrorHandler(logger: ScimLogger) {
  return function handleAdminError(error: unknown, req: Request, res: Response, next: NextFunction): void {
    if (res.headersSent) {
      next(error);
      return;
    }
    if (error instanceof AdminError) {
      sendAdminError(res, error);
      return;
    }
    const e = (error ?? {}) as HttpishError;
    if (e.type === 'entity.parse.failed') return sendAdminError(res, badRequest('The request body is not valid JSON.', 'body'));
    if (e.type === 'entity.too.large') return sendAdminError(res, new AdminError(413, 'bad_request', 'The request body is too large.', 'body'));
    const requestId = res.locals.adminRequestId as string | undefined;
    logger.error('unexpected error in admin request', {
      requestId,
      method: req.method,
      path: req.originalUrl.split('?')[0],
      error: error instanceof Error ? { message: error.message, stack: error.stack } : String(error),
    });
    sendAdminError(res, new AdminError(500, 'internal', 'Internal error; the server log has the details.'), requestId);
  };
}
