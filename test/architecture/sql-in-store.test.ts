/**
 * SQL lives only in lib/store/ (DESIGN.md §2): no module elsewhere in lib/ writes SQL text or builds a query over a
 * table. Checked on the source text, comments removed: knex's raw forms (`raw`, `whereRaw`, …), a `scim_` table
 * handed to a query builder, and SQL that names a `scim_` table. A failure lists file, line and text.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = new URL('../../', import.meta.url).pathname;

/**
 * Modules not yet held to the rule, each with the reason. Shrink this list; never grow it.
 */
const NOT_YET: Readonly<Record<string, string>> = {
  'lib/server/admin-secret.ts': "the standalone server's admin secret in scim_settings",
  'lib/server/serve.ts': "the standalone server's start-up connection check",
};

const SQL_PATTERNS: readonly RegExp[] = [
  /\.(raw|whereRaw|orWhereRaw|andWhereRaw|orderByRaw|joinRaw|havingRaw|fromRaw|selectRaw)\s*[(<]/,
  /\(\s*['"`]scim_[a-z_]+/,
  /\b(from|join|into|update)\s+scim_[a-z_]+/i,
];

function typeScriptFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return typeScriptFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

/** The source with comments blanked out (line numbers kept); strings are left alone. */
function withoutComments(source: string): string {
  return source.replace(/\/\*[\s\S]*?\*\//g, (comment) => comment.replace(/[^\n]/g, ' ')).replace(/(^|[^:'"`\\])\/\/.*$/gm, '$1');
}

/** Every line outside store/ (and outside {@link NOT_YET}) that looks like SQL, as `file:line: text`. */
function sqlOutsideStore(files: readonly string[]): string[] {
  const found: string[] = [];
  for (const file of files) {
    const name = relative(ROOT, file);
    if (name.startsWith('lib/store/') || Object.keys(NOT_YET).some((prefix) => name.startsWith(prefix))) continue;
    withoutComments(readFileSync(file, 'utf8'))
      .split('\n')
      .forEach((line, index) => {
        if (SQL_PATTERNS.some((pattern) => pattern.test(line))) found.push(`${name}:${index + 1}: ${line.trim()}`);
      });
  }
  return found;
}

describe('SQL only in lib/store/', () => {
  it('finds no query outside lib/store/', () => {
    expect(sqlOutsideStore(typeScriptFiles(join(ROOT, 'lib')))).toEqual([]);
  });

  it('would report a raw statement, a table handed to knex and SQL text naming a table', () => {
    const samples = ["await db.raw('select 1');", "const rows = await knex('scim_users').where({ id });", 'const text = `delete from scim_changes where seq < ?`;'];
    expect(samples.filter((line) => SQL_PATTERNS.some((pattern) => pattern.test(line)))).toEqual(samples);
    expect(withoutComments("/** from scim_users */ x(); // knex('scim_users')")).not.toMatch(/scim_/);
  });
});
