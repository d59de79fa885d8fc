/**
 * lib/store/ reads result rows only through lib/store/result-rows.ts (`resultRows`, `firstRow`), so a host knex whose
 * `postProcessResponse` renames result keys works for every statement. Checked on the source text, comments
 * removed: the ways a module can read rows past it (a raw result's `.rows`, a typed `raw<…>`/`count<…>`/`first<…>`,
 * `pluck`, a cast or destructuring of an awaited value), and every variable that holds an awaited knex result must
 * reach its rows through `resultRows(…)`/`firstRow(…)` only. A failure lists file, line and text.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = new URL('../../', import.meta.url).pathname;
const STORE = join(ROOT, 'lib', 'store');

/** Reads that bypass result-rows whatever their context. */
const BYPASSES: readonly RegExp[] = [
  /\.rows\b/,
  /\.(raw|count|first|select|returning)\s*<[^(;]*>\s*\(/,
  /\.pluck\s*\(/,
  /\[[^\]=;]*\]\s*=\s*await\b/,
];

/** `const name = await <knex instance>…` whose value is a statement's result (not a write's count). */
const RESULT_VARIABLE = /\b(?:const|let)\s+([A-Za-z_$][\w$]*)\s*(?::[^=;]+)?=\s*await\s+(?:db|knex|trx)\b([^;]*)/g;

/** The source with comments blanked out (line numbers kept); strings are left alone. */
function withoutComments(source: string): string {
  return source.replace(/\/\*[\s\S]*?\*\//g, (comment) => comment.replace(/[^\n]/g, ' ')).replace(/(^|[^:'"`\\])\/\/.*$/gm, '$1');
}

function storeFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'migrations' ? [] : storeFiles(path);
    return entry.name.endsWith('.ts') && entry.name !== 'result-rows.ts' ? [path] : [];
  });
}

/** Where `(await …) as T` casts an awaited value: a grouping parenthesis (not a call's) closed by `) as`. */
function castsOfAwaited(source: string): number[] {
  const found: number[] = [];
  for (const match of source.matchAll(/\(\s*await\b/g)) {
    if (/[\w$>)\]]\s*$/.test(source.slice(0, match.index))) continue;
    let depth = 0;
    for (let i = match.index; i < source.length; i += 1) {
      if (source[i] === '(') depth += 1;
      else if (source[i] === ')' && --depth === 0) {
        if (/^\s*as\s/.test(source.slice(i + 1))) found.push(match.index);
        break;
      }
    }
  }
  return found;
}

function lineOf(source: string, index: number): number {
  return source.slice(0, index).split('\n').length;
}

/** Every place in `source` that reads rows past result-rows, as `name:line: text`. */
function rowReadsPastResultRows(name: string, raw: string): string[] {
  const source = withoutComments(raw);
  const lines = source.split('\n');
  const found = new Set<string>();
  const report = (index: number): void => {
    const line = lineOf(source, index);
    found.add(`${name}:${line}: ${lines[line - 1]?.trim()}`);
  };
  for (const pattern of BYPASSES) {
    for (const match of source.matchAll(new RegExp(pattern.source, 'g'))) report(match.index);
  }
  for (const index of castsOfAwaited(source)) report(index);
  for (const match of source.matchAll(RESULT_VARIABLE)) {
    const [, variable, statement] = match as unknown as [string, string, string];
    // A write without `returning` answers a row count, which is not a row.
    if (/\.(update|delete|del|insert)\s*\(/.test(statement) && !/\.returning\s*\(/.test(statement)) continue;
    // The variable's scope, approximately: up to the next declaration of the same name.
    const name = variable.replace(/\$/g, '\\$');
    const rest = source.slice(match.index + match[0].length);
    const next = rest.search(new RegExp(`\\b(?:const|let)\\s+${name}\\b`));
    const after = next < 0 ? rest : rest.slice(0, next);
    const uses = [...after.matchAll(new RegExp(`(?<![\\w$.])${name}\\b`, 'g'))].length;
    const wrapped = [...after.matchAll(new RegExp(`\\b(?:resultRows|firstRow)\\b(?:<[^()]*?>)?\\(\\s*${name}\\s*\\)`, 'g'))].length;
    if (uses === 0 || uses !== wrapped) report(match.index);
  }
  return [...found];
}

describe('rows only through result-rows in lib/store/', () => {
  it('finds no row read past resultRows/firstRow', () => {
    const files = storeFiles(STORE);
    expect(files.length).toBeGreaterThan(20);
    expect(files.flatMap((file) => rowReadsPastResultRows(relative(ROOT, file), readFileSync(file, 'utf8')))).toEqual([]);
  });

  it('would report each way of reading rows directly, and passes reads through result-rows', () => {
    const bypasses = [
      'const result = await db.raw<{ rows: X[] }>(sql);',
      'return (await db.raw(sql)).rows;',
      "const [counted] = await db('t').count({ count: '*' });",
      "const rows = (await base().select('id')) as Row[];",
      "const row = await db('t').first('id');\nreturn row?.id;",
      'const result = await db.raw(sql);\nreturn result.rows[0];',
      'const result = await knex.raw(sql);\nreturn resultRows<X>(result).concat(result);',
      "const ids = await db('t').pluck('id');",
      'const deleted = await db.raw(sql);\nreturn deleted.rowCount;',
    ];
    for (const sample of bypasses) expect(rowReadsPastResultRows('x.ts', sample), sample).not.toEqual([]);
    const fine = [
      'const result = await db.raw(sql);\nreturn resultRows<{ id: string }>(result);',
      "const row = firstRow<Row>(await db('t').where({ id }).first('id'));",
      "const inserted = await db('t').insert(row).returning(['id']);\nreturn firstRow<Row>(inserted);",
      "const count = await db('t').where({ id }).update({ name });\nreturn count > 0;",
      "await db.raw('select pg_notify(?, ?)', [channel, id]);",
      'const row = firstRow<Row>(await db.raw(`select count(*) as count from (select 1) as x`)) as Row;',
      'const a = await db.raw(sql);\nconst b = resultRows<{ id: string; n: number }>(a);\nconst a = await db.raw(sql);\nreturn firstRow<X>(a);',
    ];
    for (const sample of fine) expect(rowReadsPastResultRows('x.ts', sample), sample).toEqual([]);
  });
});
