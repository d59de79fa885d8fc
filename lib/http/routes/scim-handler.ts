/**
 * Adapts a use case `(ScimRequest, id?) → ScimResponse` into an Express handler; errors go to the SCIM error edge
 * (Express 5 forwards rejected promises). A response with a `stream` body is written piece by piece.
 */
import type { Request, Response } from 'express';
import type { ResolvedOptions } from '../../options.js';
import type { ScimRequest, ScimResponse } from '../../provisioning/scim-exchange.js';
import { sendScimResponse } from '../send-scim.js';
import { sendStreamedScimResponse } from './send-streamed.js';
import { toScimRequest } from './to-scim-request.js';

/** A use case as the routes call it; `id` is the `:id` path parameter when the route has one. */
export type UseCase = (request: ScimRequest, id: string) => Promise<ScimResponse> | ScimResponse;

/** Writes a use case's answer, streamed or whole. */
export async function sendUseCaseResponse(res: Response, response: ScimResponse, options: ResolvedOptions): Promise<void> {
  const { stream } = response;
  if (stream) await sendStreamedScimResponse(res, { ...response, stream }, options.logger);
  else sendScimResponse(res, response);
}

/** The Express handler running `useCase`. */
export function scimHandler(options: ResolvedOptions, useCase: UseCase) {
  return async function handleScim(req: Request, res: Response): Promise<void> {
    const id = typeof req.params.id === 'string' ? req.params.id : '';
    const response = await useCase(toScimRequest(req, res, options), id);
    await sendUseCaseResponse(res, response, options);
  };
}
