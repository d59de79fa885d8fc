/**
 * Writes SCIM answers: `application/scim+json`, `Location`, `ETag`, and error bodies (RFC 7644 §3.12).
 */
import type { Response } from 'express';
import { ScimError } from '../scim/errors.js';
import type { ScimResponse } from '../provisioning/scim-exchange.js';
import { noteSentPiece } from './sent-body.js';

/** The media type of every SCIM body (RFC 7644 §3.1). */
export const SCIM_MEDIA_TYPE = 'application/scim+json';

/**
 * Writes a use case's answer. The status is set on the response directly (Express 5's `res.status` re-validates a
 * code our use cases produce) and the body goes out as a string: Node writes the head and a string body in one
 * piece, where a Buffer body took a copy of the text and a gathered write.
 */
export function sendScimResponse(res: Response, response: ScimResponse): void {
  if (response.location) res.setHeader('Location', response.location);
  if (response.etag) res.setHeader('ETag', response.etag);
  res.statusCode = response.status;
  if (response.body === undefined) {
    res.end();
    return;
  }
  // res.end rather than res.send: Express would add an ETag of its own, and a SCIM ETag is the resource version.
  const payload = JSON.stringify(response.body);
  res.setHeader('Content-Type', `${SCIM_MEDIA_TYPE}; charset=utf-8`);
  res.setHeader('Content-Length', Buffer.byteLength(payload, 'utf8'));
  noteSentPiece(res, payload);
  res.end(payload, 'utf8');
}

/** Writes a SCIM error body with its status. */
export function sendScimError(res: Response, error: ScimError): void {
  if (error.status === 401) res.setHeader('WWW-Authenticate', 'Bearer realm="SCIM"');
  sendScimResponse(res, { status: error.status, body: error.toBody() });
}
