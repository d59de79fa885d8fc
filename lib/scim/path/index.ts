/**
 * Attribute paths and PATCH paths (RFC 7644 §3.4.2.2 `attrPath`, §3.5.2 `PATH`).
 */
export type { AttributePath } from './ast.js';
export { parseAttributePath, toAttributePath } from './attribute-path.js';
export { parsePatchPath, type PatchPath } from './patch-path.js';
