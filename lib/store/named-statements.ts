/**
 * Prepared statements for the statements a SCIM request runs outside a transaction (a create, a lookup, a replace):
 * PostgreSQL then parses and plans each of them once per connection instead of at every request. The name goes to
 * node-postgres through knex's public `options({ name })`; it is derived from the statement's text, so one text has
 * one name on every connection and in every directory sharing a knex.
 *
 * A pooler that hands each transaction another server connection (PgBouncer before 1.21 in transaction mode) cannot
 * keep a prepared statement: PostgreSQL answers that it does not exist (26000) or already exists (42P05), both
 * before the statement runs. At the first such answer a directory stops naming statements and runs that one again,
 * unnamed. Inside a transaction such an error would end the transaction, so statements there are never named.
 *
 * A directory names at most {@link MAX_NAMED_TEXTS} distinct texts, which bounds what each connection keeps.
 */
import { createHash } from 'node:crypto';
import type { Knex } from 'knex';

/** Distinct statement texts a directory names; later texts run unnamed. */
export const MAX_NAMED_TEXTS = 200;

/** SQLSTATEs of a prepared statement the server connection does not have, or already has. */
const LOST_STATEMENT_CODES: ReadonlySet<string> = new Set(['26000', '42P05']);

/** A knex raw or query builder, as far as naming reads it. */
type NameableStatement = Knex.Raw | Knex.QueryBuilder;

/** The prepared-statement names of one directory, and whether it still uses them. */
export class StatementNames {
  readonly #names = new Map<string, string>();
  #on = true;

  /** @param turnedOff told once, with the error, when the connection path turns out not to keep prepared statements. */
  constructor(private readonly turnedOff: (error: unknown) => void = () => undefined) {}

  /** Whether statements are still named. */
  get on(): boolean {
    return this.#on;
  }

  /**
   * Runs `statement` (which must run outside a transaction) as a prepared statement named after its text, and
   * returns its result. When the server connection has lost or already holds the statement, naming stops for the
   * directory and the statement runs again unnamed; it had not run.
   */
  async run(statement: NameableStatement): Promise<unknown> {
    const name = this.#on ? this.#nameOf(statement.toSQL().sql) : undefined;
    if (name === undefined) return statement;
    try {
      return await statement.options({ name });
    } catch (error) {
      if (!LOST_STATEMENT_CODES.has(String((error as { code?: unknown }).code))) throw error;
      if (this.#on) {
        this.#on = false;
        this.turnedOff(error);
      }
      return statement.options({ name: undefined });
    }
  }

  #nameOf(text: string): string | undefined {
    const known = this.#names.get(text);
    if (known !== undefined || this.#names.size >= MAX_NAMED_TEXTS) return known;
    const name = `scim_${createHash('sha256').update(text).digest('base64url').slice(0, 22)}`;
    this.#names.set(text, name);
    return name;
  }
}
