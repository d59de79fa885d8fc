/**
 * The filter AST (RFC 7644 §3.4.2.2): readonly kind-tagged nodes produced by the parser, checked against the
 * schema registry, evaluated in memory by the matcher and compiled to parameterised SQL by `lib/store`.
 */
import type { AttributePath } from '../path/ast.js';

/** Comparison operators of RFC 7644 §3.4.2.2 table 3 (lower-case; the parser accepts any case). */
export type CompareOperator = 'eq' | 'ne' | 'co' | 'sw' | 'ew' | 'gt' | 'ge' | 'lt' | 'le';

/** A literal compare value: JSON string, number, boolean or null. */
export type FilterValue = string | number | boolean | null;

/** `attrPath compareOp compValue`. `position` is the 1-based character offset of the expression in the filter. */
export interface CompareNode {
  readonly kind: 'compare';
  readonly path: AttributePath;
  readonly op: CompareOperator;
  readonly value: FilterValue;
  readonly position: number;
}

/** `attrPath "pr"`. */
export interface PresentNode {
  readonly kind: 'present';
  readonly path: AttributePath;
  readonly position: number;
}

/** `filter "and" filter`. */
export interface AndNode {
  readonly kind: 'and';
  readonly left: FilterNode;
  readonly right: FilterNode;
}

/** `filter "or" filter`. */
export interface OrNode {
  readonly kind: 'or';
  readonly left: FilterNode;
  readonly right: FilterNode;
}

/** `"not" "(" filter ")"`. */
export interface NotNode {
  readonly kind: 'not';
  readonly filter: FilterNode;
}

/**
 * `valuePath = attrPath "[" valFilter "]"`: some element of the multi-valued attribute `path` matches `filter`,
 * whose attribute paths name sub-attributes of that element (e.g. `emails[type eq "work" and value co "@x"]`).
 * Entra ID's `emails[type eq "work"].value eq "x"` is parsed into this node as `emails[type eq "work" and value eq "x"]`.
 */
export interface ValuePathNode {
  readonly kind: 'valuePath';
  readonly path: AttributePath;
  readonly filter: FilterNode;
  readonly position: number;
}

/** Any filter expression. */
export type FilterNode = CompareNode | PresentNode | AndNode | OrNode | NotNode | ValuePathNode;
