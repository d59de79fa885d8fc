/**
 * The roles part of a directory's settings page: its declared roles and entitlements (the application's and its
 * own) and every group mapped to a role, as a table linking to the groups.
 */
import type { PageContext } from '../context.js';
import { declaredValuesCard } from '../declared-values-card.js';
import { h } from '../dom.js';
import { dateTime } from '../format.js';
import { declaredLabel, type DeclaredValue, type RoleMapping } from '../role-types.js';
import { link } from '../route.js';
import type { Tenant } from '../types.js';
import { emptyState, table } from '../widgets.js';

function mappingsCard(tenantId: string, mappings: readonly RoleMapping[], roles: readonly DeclaredValue[]): HTMLElement {
  const byValue = new Map(roles.map((r) => [r.value, r]));
  const rows = mappings.map((m) =>
    h(
      'tr',
      { attrs: { 'data-group': m.groupId, 'data-role': m.role } },
      h('th', { attrs: { scope: 'row' } }, h('a', { attrs: { href: link(['t', tenantId, 'groups', m.groupId]) } }, m.groupDisplayName)),
      h('td', null, declaredLabel(byValue.get(m.role) ?? { value: m.role, display: null })),
      h('td', null, dateTime(m.createdAt)),
    ),
  );
  return h(
    'section',
    { class: 'card role-mappings', attrs: { 'aria-label': 'Groups mapped to roles' } },
    h('h2', null, 'Groups mapped to roles'),
    h('p', { class: 'hint' }, 'Members of a mapped group and of groups nested in it get the role. Map or unmap a group on its page.'),
    mappings.length === 0
      ? emptyState('No group is mapped to a role.', h('p', null, 'Open a group from ', h('a', { attrs: { href: link(['t', tenantId, 'groups']) } }, 'Groups'), ' and map it to a declared role.'))
      : table('Groups mapped to roles', ['Group', 'Role', 'Mapped since'], rows, { hideCaption: true }),
  );
}

/**
 * Loads the declared values and mappings and renders their cards. A failed load shows in place of the cards, not
 * as the settings page's failure: the other settings stay usable.
 */
export async function rolesSection(ctx: PageContext, tenant: Tenant): Promise<HTMLElement> {
  try {
    const [{ mappings, roles }, { entitlements }] = await Promise.all([
      ctx.api.get<{ mappings: RoleMapping[]; roles: DeclaredValue[] }>(`api/tenants/${tenant.id}/role-mappings`),
      ctx.api.get<{ entitlements: DeclaredValue[] }>(`api/tenants/${tenant.id}/declared/entitlements`),
    ]);
    return h(
      'div',
      { class: 'roles-settings' },
      declaredValuesCard(ctx, tenant.id, 'roles', roles, mappings),
      mappingsCard(tenant.id, mappings, roles),
      declaredValuesCard(ctx, tenant.id, 'entitlements', entitlements, []),
    );
  } catch (e) {
    return h(
      'section',
      { class: 'card', attrs: { 'aria-label': 'Roles' } },
      h('h2', null, 'Roles and entitlements'),
      h('p', { class: 'error-text', attrs: { role: 'alert' } }, `They could not be loaded: ${e instanceof Error ? e.message : String(e)}`),
    );
  }
}
