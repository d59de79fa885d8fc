/**
 * The tolerant reader (DESIGN.md §5): one entry point per kind of input an identity provider sends, composing the
 * dialect rules of this folder. Provisioning calls it before validation; the event log keeps the request as it
 * arrived. A strict RFC 7643/7644 request comes back as the very same value (no rule fires), so behaviour for
 * standard clients is exactly what validation and the engine define.
 */
import { BoundedMemo } from '../bounded-memo.js';
import { isPlainObject } from '../schema/canonicalise.js';
import type { SchemaRegistry } from '../schema/registry-types.js';
import type { ResourceTypeName } from '../schema/types.js';
import type { AppliedRules, DialectContext, KeyPlacement } from './dialect-rule.js';
import { quoteBareValues } from './filter-bare-values.js';
import { decodeEncodedFilter, plusAsSpace } from './filter-encoding.js';
import { normalizeDocument } from './normalize-document.js';
import { normalizePatchBody } from './normalize-patch.js';
import { dropNulls } from './null-values.js';

/** Which whole-resource request a body belongs to: POST (create) or PUT (replace). */
export type ResourceRequestKind = 'create' | 'replace';

/** The dialect rules bound to a schema registry. */
export interface DialectNormalizer {
  /**
   * Normalises a POST (`create`) or PUT (`replace`) body of `type`: every document rule, then `null`s dropped
   * (`nullMeansAbsent`). A body that is not a JSON object is returned as is. Okta's full-object PUT (with `id`,
   * `meta`, `groups`, `password`, and for groups the whole `members` list) needs no extra rule here: readOnly and
   * writeOnly attributes are dropped by validation as RFC 7644 §3.5.1 says, and provisioning replaces membership.
   * Names of the rules that changed something are added to `applied` when given.
   */
  normalizeResource(type: ResourceTypeName, kind: ResourceRequestKind, body: unknown, applied?: AppliedRules): unknown;
  /** Normalises a PATCH body for a resource of `type` (see `normalize-patch.ts`). */
  normalizePatch(type: ResourceTypeName, body: unknown, applied?: AppliedRules): unknown;
  /** Normalises the text of a `filter` query parameter: encoding, `+` for spaces, bare comparison values. */
  normalizeFilter(text: string, applied?: AppliedRules): string;
}

/**
 * Creates the normaliser for `registry`. Its only state is its own memo of where document keys belong (bounded:
 * keys come from clients), so two directories share nothing.
 */
export function createDialectNormalizer(registry: SchemaRegistry): DialectNormalizer {
  const keyPlacements = new BoundedMemo<KeyPlacement | undefined>(4096);
  const contexts: Readonly<Record<ResourceTypeName, DialectContext>> = {
    User: Object.freeze({ registry, type: 'User', keyPlacements }),
    Group: Object.freeze({ registry, type: 'Group', keyPlacements }),
  };
  return Object.freeze({
    normalizeResource(type: ResourceTypeName, kind: ResourceRequestKind, body: unknown, applied?: AppliedRules): unknown {
      void kind; // POST and PUT read the same today; the kind is part of the seam so a rule may differ later.
      if (!isPlainObject(body)) return body;
      return dropNulls(normalizeDocument(contexts[type], body, applied), applied);
    },
    normalizePatch(type: ResourceTypeName, body: unknown, applied?: AppliedRules): unknown {
      return normalizePatchBody(contexts[type], body, applied);
    },
    normalizeFilter(text: string, applied?: AppliedRules): string {
      return quoteBareValues(plusAsSpace(decodeEncodedFilter(text, applied), applied), applied);
    },
  });
}
