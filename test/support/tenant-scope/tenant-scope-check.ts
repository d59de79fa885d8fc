/**
 * Collects the breaches of the distribution rules (statement-rules.ts) among recorded statements, each statement
 * text parsed once by PostgreSQL's own parser, and words them for a failing test: the rule, what breaks it, and
 * the statement with one set of its parameters.
 */
import { loadModule, parseSync } from 'libpg-query';
import { checkStatement, type RuleBreach } from './statement-rules.js';
import type { RecordedStatement } from './statement-recorder.js';
import { crossTenantReason } from './cross-tenant-statements.js';

interface Parsed {
  readonly stmts: readonly { readonly stmt: Record<string, unknown> }[];
}

/** A breach with the statement it was found in. */
export interface StatementBreach extends RuleBreach {
  readonly sql: string;
  readonly bindings: readonly unknown[];
}

/** Checks statements as they come; keeps one example per statement text and rule. */
export class TenantScopeCheck {
  private readonly parsed = new Map<string, Parsed | Error>();
  private readonly found = new Map<string, StatementBreach>();

  /** Loads the parser (WebAssembly); call once before {@link check}. */
  static async create(): Promise<TenantScopeCheck> {
    await loadModule();
    return new TenantScopeCheck();
  }

  /** Checks one statement. */
  check(statement: RecordedStatement): void {
    let parsed = this.parsed.get(statement.sql);
    if (!parsed) {
      try {
        parsed = parseSync(statement.sql) as Parsed;
      } catch (error) {
        parsed = error instanceof Error ? error : new Error(String(error));
      }
      if (this.parsed.size < 5000) this.parsed.set(statement.sql, parsed);
    }
    if (parsed instanceof Error) return; // the database refused it too; not a distribution question
    if (crossTenantReason(statement.sql) !== undefined) return;
    for (const { stmt } of parsed.stmts) {
      for (const breach of checkStatement(stmt, statement.bindings)) {
        const key = `${breach.rule}\u0000${breach.detail}\u0000${statement.sql}`;
        if (!this.found.has(key)) this.found.set(key, { ...breach, sql: statement.sql, bindings: statement.bindings });
      }
    }
  }

  /** The breaches found so far. */
  breaches(): StatementBreach[] {
    return [...this.found.values()];
  }

  /** A report of every breach, for a test failure. */
  report(): string {
    return this.breaches()
      .map((b) => `[${b.rule}] ${b.detail}\n  ${b.sql.replace(/\s+/g, ' ').trim()}\n  bindings: ${JSON.stringify(b.bindings).slice(0, 300)}`)
      .join('\n\n');
  }
}
