/**
 * Union-find over the terms of one statement (columns of its range entries, bound values), so that equalities
 * stated in WHERE and JOIN ... ON conditions can be followed from table to table.
 */

/** A term: `e<entry>.<column>` for a column, `value:<json>` for a parameter's bound value or a literal. */
export type Term = string;

/** Disjoint sets of terms known to be equal. */
export class EqualityClasses {
  private readonly parent = new Map<Term, Term>();

  /** The representative of `term`'s class. */
  find(term: Term): Term {
    let root = term;
    for (let next = this.parent.get(root); next !== undefined && next !== root; next = this.parent.get(root)) root = next;
    this.parent.set(term, root);
    return root;
  }

  /** Records `a = b`. */
  union(a: Term, b: Term): void {
    const rootA = this.find(a);
    const rootB = this.find(b);
    if (rootA !== rootB) this.parent.set(rootA, rootB);
  }

  /** The value terms in `term`'s class: the single values it is known to equal. */
  valuesOf(term: Term): Term[] {
    const root = this.find(term);
    return [...this.parent.keys()].filter((t) => t.startsWith('value:') && this.find(t) === root);
  }
}
