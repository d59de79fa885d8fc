import 'vitest';

declare module 'vitest' {
  export interface ProvidedContext {
    /** URL of the migrated test database. */
    databaseUrl: string;
    /** URL of the migrated test database through PgBouncer in transaction pool mode. */
    pgBouncerUrl: string;
    /** URL of a maintenance database on the same server, for tests that create databases of their own. */
    adminDatabaseUrl: string;
  }
}
