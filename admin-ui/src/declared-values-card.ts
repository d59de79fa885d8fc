/**
 * One of a directory's declared lists on its settings page — roles or entitlements: the application's (read-only)
 * and the directory's own, declaring another (value and display name) and removing one of the directory's after a
 * confirmation. A role still mapped to groups cannot be removed; the refusal names those groups.
 */
import { ApiError } from './api.js';
import type { PageContext } from './context.js';
import { confirmButton } from './confirm.js';
import { h } from './dom.js';
import { declaredLabel, type DeclaredKind, type DeclaredValue, type RoleMapping } from './role-types.js';
import { errorText, field, submitting, table } from './widgets.js';

const WORDS: Readonly<Record<DeclaredKind, { one: string; title: string; intro: string }>> = {
  roles: {
    one: 'role',
    title: 'Roles',
    intro: 'The roles the application knows, published at /Roles so an identity provider can offer them. Map groups to them on a group’s page. The application’s own are read-only here.',
  },
  entitlements: {
    one: 'entitlement',
    title: 'Entitlements',
    intro: 'The entitlements the application knows, published at /Entitlements. The application’s own are read-only here.',
  },
};

function removeCell(ctx: PageContext, base: string, kind: DeclaredKind, value: DeclaredValue, mappedTo: readonly string[]): HTMLElement {
  const cell = h('td');
  const one = WORDS[kind].one;
  const label = declaredLabel(value);
  const remove = async (): Promise<void> => {
    try {
      await ctx.api.delete(`${base}/${encodeURIComponent(value.value)}`);
    } catch (e) {
      // The API counts the groups; the page knows their names, which is what the administrator needs to act.
      if (e instanceof ApiError && e.status === 409 && mappedTo.length > 0) throw new Error(`${e.message} Mapped to ${mappedTo.length === 1 ? 'group' : 'groups'} ${mappedTo.join(', ')}.`);
      throw e;
    }
    ctx.notify(`Removed ${one} ${label}.`);
    ctx.refresh();
  };
  cell.append(
    confirmButton(
      cell,
      'Remove…',
      () => ({
        title: `Remove ${one} “${label}”?`,
        explanation: `It is no longer published at /${WORDS[kind].title}${kind === 'roles' ? ' and can no longer be mapped to groups' : ''}. Values users already carry are not changed.`,
        confirmLabel: `Remove ${one}`,
        action: remove,
      }),
      { class: 'danger small', ariaLabel: `Remove ${one} ${label}` },
    ),
  );
  return cell;
}

/** The card of one declared list; `mappings` names the groups mapped to each role (empty for entitlements). */
export function declaredValuesCard(ctx: PageContext, tenantId: string, kind: DeclaredKind, values: readonly DeclaredValue[], mappings: readonly RoleMapping[]): HTMLElement {
  const base = `api/tenants/${tenantId}/declared/${kind}`;
  const words = WORDS[kind];
  const groupsOf = (value: string): string[] => mappings.filter((m) => m.role === value).map((m) => m.groupDisplayName);
  const rows = values.map((v) =>
    h(
      'tr',
      { attrs: { 'data-value': v.value } },
      h('th', { class: 'mono', attrs: { scope: 'row' } }, v.value),
      h('td', null, v.display ?? '—'),
      h('td', null, v.source === 'host' ? h('span', { class: 'badge muted' }, 'application · read-only') : 'this directory'),
      kind === 'roles' ? h('td', null, groupsOf(v.value).join(', ') || '—') : null,
      v.source === 'host' ? h('td') : removeCell(ctx, base, kind, v, groupsOf(v.value)),
    ),
  );
  const value = h('input', { attrs: { type: 'text', name: 'value', required: true, maxlength: 256, autocomplete: 'off', spellcheck: 'false' } });
  const display = h('input', { attrs: { type: 'text', name: 'display', maxlength: 256, autocomplete: 'off' } });
  const error = errorText();
  const add = h(
    'form',
    {
      class: 'declare-value',
      on: {
        submit: submitting(error, async () => {
          const known = values.some((v) => v.value === value.value.trim());
          await ctx.api.post(base, { value: value.value.trim(), ...(display.value.trim() ? { display: display.value.trim() } : {}) });
          ctx.notify(`${known ? 'Changed' : 'Declared'} ${words.one} ${value.value.trim()}.`);
          ctx.refresh();
        }),
      },
    },
    h('h3', null, `Declare ${words.one === 'role' ? 'a role' : 'an entitlement'}`),
    field(`${words.title === 'Roles' ? 'Role' : 'Entitlement'} value`, value, 'As the identity provider sends it and the application checks it; case matters.'),
    field('Display name (optional)', display, 'Declaring a value this directory has already changes its display name.'),
    error,
    h('button', { class: 'secondary', attrs: { type: 'submit' } }, `Declare ${words.one}`),
  );
  const headers = ['Value', 'Display name', 'Declared by', ...(kind === 'roles' ? ['Mapped groups'] : []), 'Actions'];
  return h(
    'section',
    { class: 'card declared-values', attrs: { 'aria-label': words.title } },
    h('h2', null, words.title),
    h('p', { class: 'hint' }, words.intro),
    values.length === 0 ? h('p', null, `No ${kind} declared yet.`) : table(words.title, headers, rows, { hideCaption: true }),
    add,
  );
}
