/**
 * Prepared-statement names: the same text always gets the same name, texts that differ anywhere (start, end, one
 * character, length) get different names, and names are valid PostgreSQL identifiers.
 */
import { describe, expect, it } from 'vitest';
import { statementName } from '../../../lib/store/prepared-statement.js';

describe('statementName', () => {
  const base = 'with u as (insert into scim_users (tenant_id, id) values ($1, $2) returning *) select * from u';

  it('is stable for one text and a short lower-case identifier', () => {
    expect(statementName(base)).toBe(statementName(`${base}`));
    expect(statementName(base)).toMatch(/^scim_[a-z0-9_]+$/);
    expect(statementName(base).length).toBeLessThan(63);
  });

  it('differs for texts that differ in one place or in length', () => {
    const variants = [base, base.replace('$1', '$3'), `${base} `, base.slice(1), base.replace('u', 'v'), `${base.slice(0, -1)}v`, ''];
    expect(new Set(variants.map(statementName)).size).toBe(variants.length);
  });

  it('gives many similar texts distinct names', () => {
    const names = new Set(Array.from({ length: 5000 }, (_, i) => statementName(`select * from scim_users where tenant_id = $1 and c${i} = $2`)));
    expect(names.size).toBe(5000);
  });
});
