/**
 * The seam for identity-provider dialects (DESIGN.md §5): every request body passes through a normaliser before it
 * is validated. The default is the identity; dialect rules plug in here without the use cases changing.
 */
import type { ResourceTypeName } from '../scim/schema/types.js';

/** What a body is about to be used for: a POST document, a PUT document, a PatchOp message or a SearchRequest. */
export type NormalizeContext = 'create' | 'replace' | 'patch' | 'search';

/**
 * Rewrites a request body as it arrived into what the validator expects; must not modify its input. `type` is the
 * resource type of the endpoint (for root `/.search`, `User`).
 */
export type RequestNormalizer = (type: ResourceTypeName, context: NormalizeContext, body: unknown) => unknown;

/** The normaliser that changes nothing. */
export const identityNormalizer: RequestNormalizer = (_type, _context, body) => body;
