/**
 * The roles section of the group page: the roles the group is mapped to, which its members and the members of
 * groups nested in it get; map it to one of the directory's declared roles, or unmap one after a confirmation.
 */
import type { PageContext } from './context.js';
import { confirmButton } from './confirm.js';
import { h, uid } from './dom.js';
import { declaredLabel, type DeclaredValue, type RoleMapping } from './role-types.js';
import { link } from './route.js';
import { errorText, field, submitting } from './widgets.js';

const EFFECT = 'Members of this group and of groups nested in it get these roles.';

function unmapButton(ctx: PageContext, path: string, groupName: string, label: string, role: string): HTMLElement {
  const cell = h('span', { class: 'role-actions' });
  cell.append(
    confirmButton(
      cell,
      'Unmap…',
      () => ({
        title: `Unmap role “${label}” from ${groupName}?`,
        explanation:
          'Members of this group and of groups nested in it lose the role, unless another mapped group or the identity provider gives it to them. The application is told of each user whose roles change.',
        confirmLabel: 'Unmap role',
        action: async () => {
          await ctx.api.delete(`${path}/roles/${encodeURIComponent(role)}`);
          ctx.notify(`Unmapped role ${label} from ${groupName}.`);
          ctx.refresh();
        },
      }),
      { class: 'danger small', ariaLabel: `Unmap role ${label}` },
    ),
  );
  return cell;
}

function mapForm(ctx: PageContext, path: string, groupName: string, choices: readonly DeclaredValue[]): HTMLElement {
  const role = h(
    'select',
    { attrs: { name: 'role', required: true } },
    choices.map((v) => h('option', { attrs: { value: v.value } }, `${declaredLabel(v)} · ${v.source === 'host' ? 'the application' : 'this directory'}`)),
  );
  const error = errorText();
  return h(
    'form',
    {
      class: 'map-role',
      on: {
        submit: submitting(error, async () => {
          const chosen = choices.find((v) => v.value === role.value);
          await ctx.api.post(`${path}/roles`, { role: role.value });
          ctx.notify(`Mapped ${groupName} to role ${chosen ? declaredLabel(chosen) : role.value}.`);
          ctx.refresh();
        }),
      },
    },
    field('Role to map', role, 'Roles declared by the application or in this directory’s settings.'),
    error,
    h('button', { class: 'secondary', attrs: { type: 'submit' } }, 'Map to role'),
  );
}

/**
 * Loads the group's mappings and the directory's declared roles (beside the group itself) and returns how to render
 * the section once the group's name is known. A failed load shows in the section, not as the page's failure: the
 * rest of the group page is still worth seeing.
 */
export async function groupRolesSection(ctx: PageContext, tenantId: string, groupId: string): Promise<(groupName: string) => HTMLElement> {
  const path = `api/tenants/${tenantId}/groups/${encodeURIComponent(groupId)}`;
  const title = uid('group-roles');
  const section = (...children: (Node | null)[]): HTMLElement =>
    h('section', { class: 'group-roles', attrs: { 'aria-labelledby': title } }, h('h3', { attrs: { id: title } }, 'Roles'), h('p', { class: 'hint' }, EFFECT), ...children);
  let mappings: RoleMapping[];
  let declared: DeclaredValue[];
  try {
    [{ mappings }, { roles: declared }] = await Promise.all([
      ctx.api.get<{ mappings: RoleMapping[] }>(`${path}/roles`),
      ctx.api.get<{ roles: DeclaredValue[] }>(`api/tenants/${tenantId}/declared/roles`),
    ]);
  } catch (e) {
    const failure = `The roles could not be loaded: ${e instanceof Error ? e.message : String(e)}`;
    return () => section(h('p', { class: 'error-text', attrs: { role: 'alert' } }, failure));
  }
  const byValue = new Map(declared.map((v) => [v.value, v]));
  const labelOf = (role: string): string => declaredLabel(byValue.get(role) ?? { value: role, display: null });
  const mapped = new Set(mappings.map((m) => m.role));
  const choices = declared.filter((v) => !mapped.has(v.value));
  const settings = h('a', { attrs: { href: link(['t', tenantId, 'settings']) } }, 'Settings');
  return (groupName) =>
    section(
      mappings.length === 0
        ? h('p', null, 'Not mapped to any role.')
        : h(
            'ul',
            { class: 'mapped-roles' },
            mappings.map((m) => h('li', { attrs: { 'data-role': m.role } }, h('span', { class: 'role-value' }, labelOf(m.role)), unmapButton(ctx, path, groupName, labelOf(m.role), m.role))),
          ),
      declared.length === 0
        ? h('p', null, 'No roles are declared for this directory yet: declare them in ', settings, '.')
        : choices.length === 0
          ? h('p', null, 'Mapped to every declared role. Declare more in ', settings, '.')
          : mapForm(ctx, path, groupName, choices),
    );
}
