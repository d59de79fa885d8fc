/**
 * The distribution rules for one parsed statement (libpg-query's tree of PostgreSQL's own parse nodes): every
 * occurrence of a tenant-scoped table is restricted to `tenant_id` = one value, directly or through equalities of
 * join conditions, correlated subqueries, CTEs and derived tables; and all tenant-scoped tables of a statement share
 * that one `tenant_id`, so on Citus the statement runs on one shard group. Statements other than SELECT, INSERT,
 * UPDATE and DELETE (transaction control, DDL) are not checked here; the catalog test covers the schema.
 */
import { isTenantTable, TENANT_COLUMN } from '../../../lib/store/table-roles.js';
import { EqualityClasses, type Term } from './equality-classes.js';

/** A parse node: one key naming the node type, as libpg-query's JSON gives it. */
type ParseNode = Record<string, unknown>;

/** A broken rule: which one and what in the statement breaks it. */
export interface RuleBreach {
  readonly rule: 'tenant-restriction' | 'tenant-join';
  readonly detail: string;
}

interface Entry {
  readonly id: number;
  readonly name: string;
  readonly table: string | undefined;
  /** Output columns of a CTE or derived table: name → term inside it. */
  readonly outputs: Map<string, Term> | undefined;
}

interface Scope {
  readonly parent: Scope | undefined;
  readonly entries: Entry[];
  readonly ctes: Map<string, Map<string, Term>>;
}

/** Checks one parsed statement; `bindings` are its parameters' values (`$1` is `bindings[0]`). */
export function checkStatement(stmt: ParseNode, bindings: readonly unknown[]): RuleBreach[] {
  return new StatementWalk(bindings).run(stmt);
}

const obj = (value: unknown): ParseNode | undefined => (value && typeof value === 'object' && !Array.isArray(value) ? (value as ParseNode) : undefined);
const list = (value: unknown): ParseNode[] => (Array.isArray(value) ? (value as ParseNode[]) : []);
const sval = (node: unknown): string | undefined => obj(obj(node)?.String)?.sval as string | undefined;

class StatementWalk {
  private readonly classes = new EqualityClasses();
  private readonly occurrences: Entry[] = [];
  private nextId = 0;
  private fresh = 0;

  constructor(private readonly bindings: readonly unknown[]) {}

  run(stmt: ParseNode): RuleBreach[] {
    const explained = obj(obj(stmt.ExplainStmt)?.query);
    this.statement(explained ?? stmt, undefined);
    return this.breaches();
  }

  private breaches(): RuleBreach[] {
    const found: RuleBreach[] = [];
    const groups = new Map<Term, Entry[]>();
    for (const entry of this.occurrences) {
      const term = this.column(entry, TENANT_COLUMN);
      const values = this.classes.valuesOf(term);
      const where = `${entry.table}${entry.name !== entry.table ? ` (as ${entry.name})` : ''}`;
      if (values.length === 0) found.push({ rule: 'tenant-restriction', detail: `${where} is not restricted by ${TENANT_COLUMN} = one value` });
      else if (values.length > 1) found.push({ rule: 'tenant-restriction', detail: `${where} is restricted to several ${TENANT_COLUMN} values: ${values.join(', ')}` });
      const root = this.classes.find(term);
      groups.set(root, [...(groups.get(root) ?? []), entry]);
    }
    if (groups.size > 1) {
      const sets = [...groups.values()].map((entries) => entries.map((e) => e.name).join(', '));
      found.push({ rule: 'tenant-join', detail: `tenant-scoped tables not joined on ${TENANT_COLUMN}: {${sets.join('} vs {')}}` });
    }
    return found;
  }

  /** Any statement node; returns its output columns (select list or RETURNING). */
  private statement(node: ParseNode, parent: Scope | undefined): Map<string, Term> {
    const [kind, body] = Object.entries(node)[0] ?? [];
    const stmt = obj(body);
    if (!stmt) return new Map();
    const scope: Scope = { parent, entries: [], ctes: new Map() };
    for (const cte of list(obj(stmt.withClause)?.ctes)) {
      const common = obj(cte.CommonTableExpr);
      const query = obj(common?.ctequery);
      if (common && query) scope.ctes.set(String(common.ctename), this.statement(query, scope));
    }
    if (kind === 'SelectStmt') return this.select(stmt, scope);
    if (kind === 'InsertStmt') return this.insert(stmt, scope);
    if (kind === 'UpdateStmt' || kind === 'DeleteStmt') {
      const target = this.range(obj(stmt.relation) ?? {}, scope);
      for (const item of [...list(stmt.fromClause), ...list(stmt.usingClause)]) this.fromItem(item, scope);
      this.condition(stmt.whereClause, scope);
      for (const target of list(stmt.targetList)) this.visitSublinks(target, scope);
      return this.returning(stmt.returningList, target, scope);
    }
    return new Map();
  }

  private select(stmt: ParseNode, scope: Scope): Map<string, Term> {
    if (stmt.op && stmt.op !== 'SETOP_NONE') {
      const left = this.statement({ SelectStmt: stmt.larg }, scope);
      const right = [...this.statement({ SelectStmt: stmt.rarg }, scope).values()];
      [...left.values()].forEach((term, i) => right[i] && this.classes.union(term, right[i]));
      return left;
    }
    const rows = list(stmt.valuesLists);
    if (rows.length > 0) {
      const outputs = new Map<string, Term>();
      for (const row of rows) {
        list(obj(row.List)?.items).forEach((item, i) => {
          const name = `column${i + 1}`;
          const term = this.term(item, scope) ?? this.freshTerm();
          const known = outputs.get(name);
          if (known) this.classes.union(known, term);
          else outputs.set(name, term);
          this.visitSublinks(item, scope);
        });
      }
      return outputs;
    }
    for (const item of list(stmt.fromClause)) this.fromItem(item, scope);
    this.condition(stmt.whereClause, scope);
    this.condition(stmt.havingClause, scope);
    for (const key of ['groupClause', 'sortClause', 'distinctClause']) this.visitSublinks(stmt[key], scope);
    return this.targets(stmt.targetList, scope);
  }

  private insert(stmt: ParseNode, scope: Scope): Map<string, Term> {
    const target = this.range(obj(stmt.relation) ?? {}, scope);
    const source = obj(stmt.selectStmt);
    const produced = source ? [...this.statement(source, scope).values()] : [];
    const columns = list(stmt.cols).map((c) => String(obj(c.ResTarget)?.name));
    const position = columns.length > 0 ? columns.indexOf(TENANT_COLUMN) : 0; // no column list: tenant_id leads
    if (position >= 0 && produced[position]) this.classes.union(this.column(target, TENANT_COLUMN), produced[position]);
    const conflict = obj(stmt.onConflictClause);
    if (conflict) {
      this.visitSublinks(conflict.targetList, scope);
      this.visitSublinks(conflict.whereClause, scope);
    }
    return this.returning(stmt.returningList, target, scope);
  }

  private returning(returningList: unknown, target: Entry, scope: Scope): Map<string, Term> {
    const outputs = this.targets(returningList, scope);
    if (list(returningList).some((t) => obj(obj(t.ResTarget)?.val)?.ColumnRef && list(obj(obj(obj(t.ResTarget)?.val)?.ColumnRef)?.fields).some((f) => f.A_Star))) {
      outputs.set(TENANT_COLUMN, this.column(target, TENANT_COLUMN));
    }
    return outputs;
  }

  private targets(targetList: unknown, scope: Scope): Map<string, Term> {
    const outputs = new Map<string, Term>();
    for (const item of list(targetList)) {
      const target = obj(item.ResTarget);
      const value = obj(target?.val);
      if (!target || !value) continue;
      this.visitSublinks(value, scope);
      const fields = list(obj(value.ColumnRef)?.fields);
      const name = (target.name as string | undefined) ?? sval(fields[fields.length - 1]);
      if (fields.some((f) => f.A_Star)) {
        const alias = fields.length > 1 ? sval(fields[0]) : undefined;
        for (const entry of scope.entries) if (!alias || entry.name === alias) outputs.set(TENANT_COLUMN, this.column(entry, TENANT_COLUMN));
        continue;
      }
      const term = this.term(value, scope) ?? this.freshTerm();
      outputs.set(name ?? `?column${outputs.size}`, term);
    }
    return outputs;
  }

  private fromItem(item: ParseNode, scope: Scope): void {
    if (item.RangeVar) this.range(obj(item.RangeVar) ?? {}, scope);
    else if (item.JoinExpr) {
      const join = obj(item.JoinExpr) ?? {};
      this.fromItem(obj(join.larg) ?? {}, scope);
      this.fromItem(obj(join.rarg) ?? {}, scope);
      this.condition(join.quals, scope);
      for (const using of list(join.usingClause)) {
        const name = sval(using);
        const having = scope.entries.filter((e) => e.table ? isTenantTable(e.table) && name === TENANT_COLUMN : e.outputs?.has(name ?? ''));
        for (const entry of having.slice(1)) this.classes.union(this.column(having[0] as Entry, name ?? ''), this.column(entry, name ?? ''));
      }
    } else if (item.RangeSubselect) {
      const sub = obj(item.RangeSubselect) ?? {};
      const outputs = this.statement(obj(sub.subquery) ?? {}, scope);
      const alias = obj(sub.alias);
      const renamed = list(alias?.colnames).map(sval);
      const named = new Map([...outputs.entries()].map(([name, term], i) => [renamed[i] ?? name, term] as const));
      scope.entries.push({ id: this.nextId++, name: String(alias?.aliasname ?? ''), table: undefined, outputs: named });
    } else if (item.RangeFunction) {
      const fn = obj(item.RangeFunction) ?? {};
      this.visitSublinks(fn.functions, scope);
      scope.entries.push({ id: this.nextId++, name: String(obj(fn.alias)?.aliasname ?? ''), table: undefined, outputs: new Map() });
    }
  }

  /** A table or CTE reference: a new entry of the scope; tenant-scoped tables are remembered for the rules. */
  private range(rangeVar: ParseNode, scope: Scope): Entry {
    const relname = String(rangeVar.relname);
    const name = String(obj(rangeVar.alias)?.aliasname ?? relname);
    const cte = rangeVar.schemaname ? undefined : this.cte(relname, scope);
    const entry: Entry = { id: this.nextId++, name, table: cte ? undefined : relname, outputs: cte };
    scope.entries.push(entry);
    if (entry.table && isTenantTable(entry.table)) this.occurrences.push(entry);
    return entry;
  }

  private cte(name: string, scope: Scope | undefined): Map<string, Term> | undefined {
    for (let s = scope; s; s = s.parent) if (s.ctes.has(name)) return s.ctes.get(name);
    return undefined;
  }

  /** A condition: the equalities of its top-level AND hold for every row; subqueries anywhere are walked. */
  private condition(node: unknown, scope: Scope): void {
    const expr = obj(node);
    if (!expr) return;
    const bool = obj(expr.BoolExpr);
    if (bool?.boolop === 'AND_EXPR') {
      for (const arg of list(bool.args)) this.condition(arg, scope);
      return;
    }
    const op = obj(expr.A_Expr);
    const opName = op ? sval(list(op.name)[0]) : undefined;
    if (op && opName === '=' && (op.kind === 'AEXPR_OP' || op.kind === 'AEXPR_IN')) {
      const rights = op.kind === 'AEXPR_IN' ? list(op.rexpr) : [obj(op.rexpr) ?? {}];
      if (rights.length === 1) this.equate(obj(op.lexpr) ?? {}, rights[0] as ParseNode, scope);
    }
    this.visitSublinks(expr, scope);
  }

  private equate(left: ParseNode, right: ParseNode, scope: Scope): void {
    const leftRow = list(obj(left.RowExpr)?.args);
    const rightRow = list(obj(right.RowExpr)?.args);
    if (leftRow.length > 0 && leftRow.length === rightRow.length) {
      leftRow.forEach((l, i) => this.equate(l, rightRow[i] as ParseNode, scope));
      return;
    }
    const a = this.term(left, scope);
    const b = this.term(right, scope);
    if (a && b) this.classes.union(a, b);
  }

  /** Walks an expression for subqueries (EXISTS, IN, scalar) and analyses each as a nested, correlated scope. */
  private visitSublinks(node: unknown, scope: Scope): void {
    if (Array.isArray(node)) {
      for (const item of node) this.visitSublinks(item, scope);
      return;
    }
    const expr = obj(node);
    if (!expr) return;
    const sublink = obj(expr.SubLink);
    if (sublink) {
      const outputs = [...this.statement(obj(sublink.subselect) ?? {}, scope).values()];
      const test = obj(sublink.testexpr);
      if (test && sublink.subLinkType === 'ANY_SUBLINK') {
        const tests = list(obj(test.RowExpr)?.args);
        (tests.length > 0 ? tests : [test]).forEach((t, i) => {
          const a = this.term(t, scope);
          if (a && outputs[i]) this.classes.union(a, outputs[i]);
        });
      }
      this.visitSublinks(test, scope);
      return;
    }
    for (const value of Object.values(expr)) if (value && typeof value === 'object') this.visitSublinks(value, scope);
  }

  /** The term an expression stands for: a column of an entry, or a bound value; undefined for anything else. */
  private term(node: ParseNode, scope: Scope): Term | undefined {
    if (node.TypeCast) return this.term(obj(obj(node.TypeCast)?.arg) ?? {}, scope);
    if (node.ParamRef) {
      const index = Number(obj(node.ParamRef)?.number) - 1;
      return index < this.bindings.length ? `value:${JSON.stringify(this.bindings[index])}` : `value:$${index + 1}`;
    }
    if (node.A_Const) {
      const constant = obj(node.A_Const) ?? {};
      return constant.isnull ? undefined : `value:${JSON.stringify(Object.values(constant).find((v) => obj(v)) ?? constant)}`;
    }
    const fields = list(obj(node.ColumnRef)?.fields).map(sval);
    if (fields.length === 0 || fields.some((f) => f === undefined)) return undefined;
    const column = fields[fields.length - 1] as string;
    const alias = fields.length > 1 ? fields[fields.length - 2] : undefined;
    for (let s: Scope | undefined = scope; s; s = s.parent) {
      const entry = s.entries.find((e) => (alias ? e.name === alias : e.table ? isTenantTable(e.table) && column === TENANT_COLUMN : e.outputs?.has(column)));
      if (entry) return this.column(entry, column);
      if (alias === undefined && s.entries.length === 1) return this.column(s.entries[0] as Entry, column);
    }
    return undefined;
  }

  private column(entry: Entry, column: string): Term {
    return entry.outputs?.get(column) ?? `e${entry.id}.${column}`;
  }

  private freshTerm(): Term {
    return `fresh${this.fresh++}`;
  }
}
