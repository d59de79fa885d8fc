/**
 * Bounds on the work one PATCH request may ask for (RFC 7644 §3.5.2 leaves them to the service provider). With
 * both, applying a PATCH costs time linear in the resource and the operations, whatever their shape.
 */

/**
 * Most operations accepted in one PATCH request. Identity providers send a handful (Entra ID and Okta batch
 * member changes as values of one operation); more is refused with 400 invalidValue naming the limit.
 */
export const MAX_PATCH_OPERATIONS = 200;

/**
 * Most values of multi-valued attributes one PATCH request may examine in total: each value a value filter is
 * tested on, each value a `primary` change or a duplicate check walks. The operation cap of filtered operations on a
 * list of twenty-five values fits; the same on a list of thousands is refused with 400 tooMany instead of holding the
 * event loop.
 */
export const MAX_PATCH_SCANNED_VALUES = 5_000;
