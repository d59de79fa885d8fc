/**
 * The PATCH engine (RFC 7644 §3.5.2).
 */
export { applyPatch } from './apply-patch.js';
export { MAX_PATCH_OPERATIONS, MAX_PATCH_SCANNED_VALUES } from './limits.js';
export { idsFromFilter } from './member-changes.js';
export { parsePatchRequest, toPatchOperation } from './patch-request.js';
export { checkAttributeValue } from './value-check.js';
export {
  PATCH_OP_SCHEMA,
  type MemberChange,
  type MemberReference,
  type PatchOperation,
  type PatchOpName,
  type PatchOptions,
  type PatchResult,
  type PatchValueValidator,
} from './types.js';
