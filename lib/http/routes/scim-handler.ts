/**
 * Adapts a use case `(ScimRequest, id?) → ScimResponse` into an Express handler; errors go to the SCIM error edge
 * (Express 5 forwards rejected promises).
 */
import type { Request, Response } from 'express';
import type { ResolvedOptions } from '../../options.js';
import type { ScimRequest, ScimResponse } from '../../provisioning/scim-exchange.js';
import { sendScimResponse } from '../send-scim.js';
import { toScimRequest } from './to-scim-request.js';

/** A use case as the routes call it; `id` is the `:id` path parameter when the route has one. */
export type UseCase = (request: ScimRequest, id: string) => Promise<ScimResponse> | ScimResponse;

/** The Express handler running `useCase`. */
export function scimHandler(options: ResolvedOptions, useCase: UseCase) {
  return async function handleScim(req: Request, res: Response): Promise<void> {
    const id = typeof req.params.id === 'string' ? req.params.id : '';
    const response = await useCase(toScimRequest(req, res, options), id);
    sendScimResponse(res, response);
  };
}
