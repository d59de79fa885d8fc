/**
 * Element sources: the rows a multi-valued attribute's values come from, for `EXISTS` in filters (some value
 * matches, RFC 7644 §3.4.2.2) and for the "primary or first value" of sorting (RFC 7644 §3.4.2.3).
 *
 * - `emails` of a User: the indexed `scim_user_emails` rows (value, type, primary), else the `doc` array;
 * - `members` of a Group: `scim_memberships` (value, type) — groups keep no member list in `doc`;
 * - `groups` of a User: `scim_memberships` joined to `scim_groups` (value, display, type = "direct");
 * - any other multi-valued attribute: the elements of its `doc` array.
 */
import type { AttributeDefinition, ResolvedAttribute, ResourceTypeName } from '../../scim/schema/types.js';
import { columnOperand, constantOperand, jsonOperand, jsonPresent, type Operand } from './operand.js';
import { documentJson } from './resource-columns.js';
import { nameLiteral, rawSql, sql, TRUE_SQL, type SqlFragment } from './sql-fragment.js';

/** The elements of one multi-valued attribute of the row `r`. */
export interface ElementSource {
  /** `from` item(s) of the sub-select. */
  readonly from: SqlFragment;
  /** Correlation to the row `r` (and any join condition); none for the elements of a `doc` array. */
  readonly where?: SqlFragment;
  /** Order that puts the primary element first, then the list order (RFC 7644 §3.4.2.3). */
  readonly firstOrder: SqlFragment;
  /** The element itself is present (`emails pr`). */
  readonly elementPresent: SqlFragment;
  /** The operand of a sub-attribute of the element, or of the element itself (`undefined`) for a simple attribute. */
  operand(sub: AttributeDefinition | undefined): Operand | undefined;
}

/** `exists (select 1 from … where … and (predicate))`: some element satisfies `predicate`. */
export function someElement(source: ElementSource, predicate: SqlFragment): SqlFragment {
  return sql`exists (select 1 from ${source.from} where ${whereAnd(source, predicate)})`;
}

function whereAnd(source: ElementSource, predicate: SqlFragment): SqlFragment {
  return source.where ? sql`${source.where} and (${predicate})` : predicate;
}

/** `(select value from … order by primary first limit 1)`: the value a multi-valued attribute sorts by. */
export function firstElementValue(source: ElementSource, value: SqlFragment): SqlFragment {
  const where = source.where ? sql` where ${source.where}` : rawSql('');
  return sql`(select ${value} from ${source.from}${where} order by ${source.firstOrder} limit 1)`;
}

/** The elements of a jsonb array; anything that is not an array has no elements (a stored document is not trusted). */
export function jsonArrayElements(array: SqlFragment, attribute: AttributeDefinition): ElementSource {
  const element = rawSql('e.value');
  return {
    from: sql`jsonb_array_elements(case when jsonb_typeof(${array}) = 'array' then ${array} else '[]'::jsonb end) with ordinality as e(value, n)`,
    firstOrder: rawSql(`(e.value->'primary' = 'true'::jsonb) desc nulls last, e.n`),
    elementPresent: jsonPresent(element, attribute),
    operand: (sub) => (sub ? jsonOperand(sql`${element}->${rawSql(nameLiteral(sub.name))}`, sub) : jsonOperand(element, attribute)),
  };
}

const userEmails: ElementSource = {
  from: rawSql('scim_user_emails e'),
  where: rawSql('e.tenant_id = r.tenant_id and e.user_id = r.id'),
  firstOrder: rawSql('e.is_primary desc, e.position'),
  // The store writes a row per email that has a value.
  elementPresent: TRUE_SQL,
  operand: (sub) => {
    switch (sub?.name) {
      case 'value':
        return columnOperand('e.value_key', 'text', false, { lowered: true });
      case 'type':
        return columnOperand('e.type_key', 'text', false, { lowered: true });
      case 'primary':
        // An absent `primary` is stored as false: "not the primary one" is what absence means (RFC 7643 §2.4).
        return columnOperand('e.is_primary', 'boolean', false);
      default:
        return undefined;
    }
  },
};

const groupMembers: ElementSource = {
  from: rawSql('scim_memberships m'),
  where: rawSql('m.tenant_id = r.tenant_id and m.group_id = r.id'),
  firstOrder: rawSql('m.member_id'),
  elementPresent: TRUE_SQL,
  operand: (sub) => {
    switch (sub?.name) {
      case 'value':
        return columnOperand('m.member_id', 'uuid', sub.caseExact);
      case 'type':
        return columnOperand('m.member_type', 'text', sub.caseExact);
      default:
        return undefined;
    }
  },
};

const userGroups: ElementSource = {
  from: rawSql('scim_memberships gm join scim_groups g on g.tenant_id = gm.tenant_id and g.id = gm.group_id'),
  where: rawSql('gm.tenant_id = r.tenant_id and gm.member_id = r.id and g.deleted_at is null'),
  firstOrder: rawSql('g.display_name_key, gm.group_id'),
  elementPresent: TRUE_SQL,
  operand: (sub) => {
    switch (sub?.name) {
      case 'value':
        return columnOperand('gm.group_id', 'uuid', sub.caseExact);
      case 'display':
        return columnOperand('g.display_name', 'text', sub.caseExact);
      case 'type':
        // Only direct memberships are stored; nested groups are not expanded.
        return constantOperand('direct', sub.caseExact);
      default:
        return undefined;
    }
  },
};

/**
 * The source for the multi-valued attribute of `resolved` that can read every sub-attribute in `subs`
 * (`undefined` stands for the element itself), or undefined when the attribute is kept only in tables that do not
 * hold one of them (`members.display`, `groups.$ref`): the caller reports that as its own 400.
 */
export function elementSourceFor(
  type: ResourceTypeName,
  resolved: ResolvedAttribute,
  subs: readonly (AttributeDefinition | undefined)[],
): ElementSource | undefined {
  const covers = (source: ElementSource): boolean => subs.every((sub) => source.operand(sub) !== undefined);
  const name = resolved.extension ? undefined : resolved.attribute.name;
  if (type === 'User' && name === 'emails' && covers(userEmails)) return userEmails;
  if (type === 'Group' && name === 'members') return covers(groupMembers) ? groupMembers : undefined;
  if (type === 'User' && name === 'groups') return covers(userGroups) ? userGroups : undefined;
  return jsonArrayElements(documentJson(resolved), resolved.attribute);
}
