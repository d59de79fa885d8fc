/**
 * The roles section of the user page: the user's effective roles with where each comes from — assigned directly, or
 * through a group mapped to the role (nested groups included) — as `GET …/users/:id/roles` answers. When that read
 * fails, the section says so and shows the roles the user's document carries, as assigned directly.
 */
import type { PageContext } from './context.js';
import { h, type Child } from './dom.js';
import { link } from './route.js';

/** A group on the way from the user to a group mapped to a role. */
export interface RolePathStep {
  readonly id: string;
  readonly displayName: string;
}

/**
 * Where an effective role comes from: the user's own `roles` attribute, or a group mapped to the role, with the
 * path of groups from the user's own group up to it.
 */
export type RoleSource =
  | { readonly kind: 'direct'; readonly primary?: boolean; readonly type?: string; readonly display?: string }
  | { readonly kind: 'group'; readonly groupId: string; readonly displayName: string; readonly path: readonly RolePathStep[] };

/** An effective role of a user (`GET …/users/:id/roles`). */
export interface EffectiveRole {
  readonly value: string;
  readonly display?: string;
  /** Among the roles the application or the directory declares. */
  readonly declared?: boolean;
  readonly sources: readonly RoleSource[];
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : value === undefined || value === null ? '' : JSON.stringify(value);
}

/** The roles a user's SCIM document carries (RFC 7643 §4.1.2), all of them direct. */
function documentRoles(resource: Record<string, unknown>): EffectiveRole[] {
  const roles = Array.isArray(resource.roles) ? (resource.roles as unknown[]) : [];
  return roles
    .filter((r): r is Record<string, unknown> => typeof r === 'object' && r !== null)
    .map((r) => ({ value: text(r.value), sources: [{ kind: 'direct' as const, ...(r.primary === true ? { primary: true } : {}) }] }));
}

function groupLink(tenantId: string, group: RolePathStep): HTMLElement {
  return h('a', { attrs: { href: link(['t', tenantId, 'groups', group.id]) } }, group.displayName);
}

function sourceText(tenantId: string, source: RoleSource): Child {
  if (source.kind === 'direct') return ['assigned directly', source.primary ? ' (primary)' : ''];
  const mapped = groupLink(tenantId, { id: source.groupId, displayName: source.displayName });
  // The path ends at the mapped group; the steps before it are the nested groups the user reaches it through.
  const through = source.path.slice(0, -1);
  if (through.length === 0) return ['through group ', mapped];
  return ['through group ', mapped, ' (nested: ', through.flatMap((step, i) => [i > 0 ? ' → ' : '', groupLink(tenantId, step)]), ' → ', source.displayName, ')'];
}

function roleList(tenantId: string, roles: readonly EffectiveRole[]): HTMLElement {
  return h(
    'ul',
    { class: 'roles' },
    roles.map((role) =>
      h(
        'li',
        { attrs: { 'data-role': role.value } },
        h('span', { class: 'role-value' }, role.display && role.display !== role.value ? `${role.display} (${role.value})` : role.value),
        ' — ',
        role.sources.map((source, i) => [i > 0 ? '; ' : '', sourceText(tenantId, source)]),
      ),
    ),
  );
}

/**
 * Asks for the user's effective roles (`userPath` is the user's admin API path) and returns how to render them
 * once the user's document is known. A failure is shown in the section, not as the page's failure: the rest of the
 * user page is still worth seeing.
 */
export async function rolesSection(ctx: PageContext, tenantId: string, userPath: string): Promise<(resource: Record<string, unknown>) => HTMLElement> {
  let effective: EffectiveRole[] | undefined;
  let failure: string | undefined;
  try {
    effective = (await ctx.api.get<{ roles: EffectiveRole[] }>(`${userPath}/roles`)).roles;
  } catch (error) {
    failure = error instanceof Error ? error.message : String(error);
  }
  return (resource) => {
    const roles = effective ?? documentRoles(resource);
    return h(
      'section',
      { class: 'user-roles', attrs: { 'aria-label': 'Roles' } },
      h('h3', null, effective ? 'Effective roles' : 'Roles'),
      failure !== undefined ? h('p', { class: 'error-text', attrs: { role: 'alert' } }, `The effective roles could not be loaded: ${failure} These are the roles the identity provider assigned directly.`) : null,
      roles.length === 0 ? h('p', null, 'No roles.') : roleList(tenantId, roles),
    );
  };
}
