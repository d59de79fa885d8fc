/**
 * The routes of one resource endpoint (`/Users` or `/Groups`, RFC 7644 §3.2): create and list on the endpoint,
 * `POST .search`, and read, replace, modify and delete on `/<id>`. Every other method is 405.
 */
import type { Router } from 'express';
import type { ResolvedOptions } from '../../options.js';
import { methodNotAllowed } from './method-not-allowed.js';
import { scimHandler, type UseCase } from './scim-handler.js';

/** The use cases of one resource type. */
export interface ResourceEndpoint {
  readonly create: UseCase;
  readonly list: UseCase;
  readonly search: UseCase;
  readonly get: UseCase;
  readonly replace: UseCase;
  readonly patch: UseCase;
  readonly delete: UseCase;
}

/** Mounts `endpoint` (e.g. `/Users`) on the tenant router. */
export function mountResourceRoutes(router: Router, path: '/Users' | '/Groups', endpoint: ResourceEndpoint, options: ResolvedOptions): void {
  const handle = (useCase: UseCase) => scimHandler(options, useCase);
  // Before `/:id`, which would otherwise take ".search" for an id.
  router.route(`${path}/.search`).post(handle(endpoint.search)).all(methodNotAllowed(['POST']));
  router.route(path).get(handle(endpoint.list)).post(handle(endpoint.create)).all(methodNotAllowed(['GET', 'POST']));
  router
    .route(`${path}/:id`)
    .get(handle(endpoint.get))
    .put(handle(endpoint.replace))
    .patch(handle(endpoint.patch))
    .delete(handle(endpoint.delete))
    .all(methodNotAllowed(['GET', 'PUT', 'PATCH', 'DELETE']));
}
