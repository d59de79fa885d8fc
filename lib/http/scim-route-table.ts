/**
 * The endpoint table of one tenant's SCIM API (`/<tenant-id>/v2/...`): the routes declare themselves with the same
 * calls as on an Express router (`route(path).get(...).all(...)`), and {@link ScimRouteTable.match} finds the
 * handlers of a request path with Express's default matching rules — literal segments compare case-insensitively,
 * a trailing slash is allowed, `:name` takes one segment, percent-decoded, and `{*rest}` any remainder. Routes are
 * tried in the order they were declared; a route without handlers for the method (nor `all`) lets the next one try,
 * and `HEAD` falls back to `GET` as in Express.
 */
import type { RequestHandler } from 'express';
import { ScimError } from '../scim/errors.js';

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete' | 'all';

/** One segment of a declared path. */
type Segment = { readonly literal: string } | { readonly param: string } | { readonly rest: true };

interface Route {
  readonly segments: readonly Segment[];
  readonly handlers: Map<Method, RequestHandler[]>;
}

/** What a declared route offers, chainable like Express's `router.route(path)`. */
export interface ScimRouteBuilder {
  get(...handlers: RequestHandler[]): ScimRouteBuilder;
  post(...handlers: RequestHandler[]): ScimRouteBuilder;
  put(...handlers: RequestHandler[]): ScimRouteBuilder;
  patch(...handlers: RequestHandler[]): ScimRouteBuilder;
  delete(...handlers: RequestHandler[]): ScimRouteBuilder;
  /** Handlers for every method the route has no handlers of its own for (the 405 answers). */
  all(...handlers: RequestHandler[]): ScimRouteBuilder;
}

/** A request path's route: the handlers to run and the path parameters. */
export interface ScimRouteMatch {
  readonly handlers: readonly RequestHandler[];
  readonly params: Record<string, string>;
}

function parsePattern(path: string): Segment[] {
  return path
    .split('/')
    .slice(1)
    .map((part): Segment => {
      if (part.startsWith(':')) return { param: part.slice(1) };
      if (part.startsWith('{*') && part.endsWith('}')) return { rest: true };
      return { literal: part.toLowerCase() };
    });
}

/** A path segment percent-decoded, or a 400 naming it (Express answers such a parameter with 400 as well). */
function decodeSegment(segment: string): string {
  if (!segment.includes('%')) return segment;
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new ScimError(400, `The path segment "${segment}" is not valid percent-encoding.`);
  }
}

/** The parameters when `segments` fit `pattern`, else undefined. */
function fit(pattern: readonly Segment[], segments: readonly string[]): Record<string, string> | undefined {
  const params: Record<string, string> = {};
  for (let i = 0; i < pattern.length; i++) {
    const part = pattern[i] as Segment;
    if ('rest' in part) return segments.length > i ? params : undefined;
    const segment = segments[i];
    if (segment === undefined || segment === '') return undefined;
    if ('literal' in part) {
      if (segment.length !== part.literal.length || segment.toLowerCase() !== part.literal) return undefined;
    } else {
      params[part.param] = decodeSegment(segment);
    }
  }
  return segments.length === pattern.length ? params : undefined;
}

/** The routes of the SCIM API, declared once when the router is built. */
export class ScimRouteTable {
  private readonly routes: Route[] = [];

  /** Declares `path` (e.g. `/Users/:id`); add its handlers on the returned builder. */
  route(path: string): ScimRouteBuilder {
    const route: Route = { segments: parsePattern(path), handlers: new Map() };
    this.routes.push(route);
    const builder: ScimRouteBuilder = {
      get: (...handlers) => add('get', handlers),
      post: (...handlers) => add('post', handlers),
      put: (...handlers) => add('put', handlers),
      patch: (...handlers) => add('patch', handlers),
      delete: (...handlers) => add('delete', handlers),
      all: (...handlers) => add('all', handlers),
    };
    const add = (method: Method, handlers: RequestHandler[]): ScimRouteBuilder => {
      route.handlers.set(method, [...(route.handlers.get(method) ?? []), ...handlers]);
      return builder;
    };
    return builder;
  }

  /** Declares the same handlers for every method of each of `paths`. */
  all(paths: readonly string[], ...handlers: RequestHandler[]): void {
    for (const path of paths) this.route(path).all(...handlers);
  }

  /**
   * The route of `method` on `path` (below `/<tenant-id>/v2`, without the query), or undefined when none fits.
   * Throws a 400 {@link ScimError} for a parameter that is not valid percent-encoding.
   */
  match(method: string, path: string): ScimRouteMatch | undefined {
    const segments = path.split('/').slice(1);
    if (segments.length > 1 && segments[segments.length - 1] === '') segments.pop(); // a trailing slash
    const verb = method.toLowerCase() as Method;
    for (const route of this.routes) {
      const params = fit(route.segments, segments);
      if (params === undefined) continue;
      const handlers =
        route.handlers.get(verb) ?? (verb === ('head' as Method) ? route.handlers.get('get') : undefined) ?? route.handlers.get('all');
      if (handlers) return { handlers, params };
    }
    return undefined;
  }
}
