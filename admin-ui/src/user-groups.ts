/**
 * The groups section of the user page: the groups the user is a member of, and those it is in through nested
 * groups, each with the group (or groups) it comes through.
 */
import { h } from './dom.js';
import { link } from './route.js';
import type { UserGroup } from './types.js';

function groupLink(tenantId: string, group: { id: string; displayName: string }): HTMLElement {
  return h('a', { attrs: { href: link(['t', tenantId, 'groups', group.id]) } }, group.displayName);
}

/** The groups of a user: direct, then through nesting. */
export function groupsSection(tenantId: string, groups: readonly UserGroup[]): HTMLElement {
  const direct = groups.filter((g) => g.type === 'direct');
  const nested = groups.filter((g) => g.type === 'indirect');
  if (groups.length === 0) return h('section', { class: 'user-groups', attrs: { 'aria-label': 'Groups' } }, h('h3', null, 'Groups'), h('p', null, 'Not a member of any group.'));
  return h(
    'section',
    { class: 'user-groups', attrs: { 'aria-label': 'Groups' } },
    h('h3', null, 'Groups'),
    h('h4', null, `Member of (${direct.length})`),
    direct.length === 0 ? h('p', null, 'No direct memberships.') : h('ul', { class: 'direct-groups' }, direct.map((g) => h('li', null, groupLink(tenantId, g)))),
    nested.length === 0
      ? null
      : [
          h('h4', null, `Through nested groups (${nested.length})`),
          h(
            'ul',
            { class: 'nested-groups' },
            nested.map((g) =>
              h(
                'li',
                null,
                groupLink(tenantId, g),
                g.via.length > 0 ? [' ', h('span', { class: 'via' }, 'through ', g.via.flatMap((v, i) => [i > 0 ? ', ' : '', groupLink(tenantId, v)]))] : null,
              ),
            ),
          ),
        ],
  );
}
