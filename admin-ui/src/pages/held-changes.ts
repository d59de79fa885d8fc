/**
 * A directory's held changes: the deactivations and deletions the deprovisioning guard keeps from the application,
 * counted by kind and by the identity provider and token that sent them, with Approve (the application gets them)
 * and Discard (the users are restored, and the identity provider sends again what it still means). Both ask first,
 * with focus on Cancel.
 */
import { confirmButton } from '../confirm.js';
import type { PageContext } from '../context.js';
import { h } from '../dom.js';
import { dateTime } from '../format.js';
import { link } from '../route.js';
import type { Tenant } from '../types.js';
import { emptyState, table } from '../widgets.js';

interface HeldAnswer {
  readonly guard: { readonly enabled: boolean; readonly percent: number; readonly minimum: number; readonly windowMinutes: number };
  readonly counts: {
    readonly deactivate: number;
    readonly delete: number;
    readonly providers: readonly { readonly provider: string | null; readonly credential: string | null; readonly count: number }[];
  };
  readonly held: readonly {
    readonly userId: string;
    readonly userName: string | null;
    readonly displayName: string | null;
    readonly kind: 'deactivate' | 'delete';
    readonly at: string;
    readonly provider: string | null;
    readonly credential: string | null;
  }[];
}

function sender(provider: string | null, credential: string | null): string {
  const who = provider ?? 'Unknown client';
  return credential ? `${who} with token “${credential}”` : who;
}

/** Renders the page. */
export async function heldChangesPage(ctx: PageContext, tenant: Tenant): Promise<Node> {
  const answer = await ctx.api.get<HeldAnswer>(`api/tenants/${tenant.id}/held-changes`);
  const { guard, counts, held } = answer;
  const threshold = `more than ${guard.percent} % of the active users, and at least ${guard.minimum}, within ${guard.windowMinutes} minutes`;
  const intro = h(
    'p',
    null,
    guard.enabled ? `The deprovisioning guard is on: it holds deactivations and deletions past ${threshold}.` : 'The deprovisioning guard is off. ',
    guard.enabled ? null : h('a', { attrs: { href: link(['t', tenant.id, 'settings']) } }, 'Turn it on in Settings'),
  );
  const total = counts.deactivate + counts.delete;
  if (total === 0) return h('div', null, h('h2', null, 'Held changes'), intro, emptyState('No changes are held.'));

  const actions = h('div', { class: 'actions' });
  const decide = async (verb: 'approve' | 'discard'): Promise<void> => {
    await ctx.api.post(`api/tenants/${tenant.id}/held-changes/${verb}`, { confirm: true });
    ctx.notify(verb === 'approve' ? 'Held changes approved: the application now sees them.' : 'Held changes discarded: the users are restored.');
    ctx.refresh();
  };
  actions.append(
    confirmButton(
      actions,
      'Approve…',
      () => ({
        title: `Approve ${total} held changes?`,
        explanation: `The application gets ${counts.deactivate} deactivations and ${counts.delete} deletions: these people lose their access, and deleted users leave their groups.`,
        confirmLabel: 'Approve changes',
        action: () => decide('approve'),
      }),
    ),
    confirmButton(
      actions,
      'Discard…',
      () => ({
        title: `Discard ${total} held changes?`,
        explanation:
          'The users are restored in the directory as they were before (active, not deleted) and the application never hears of the changes. If the identity provider still means them, it sends them again on its next cycle.',
        confirmLabel: 'Discard changes',
        action: () => decide('discard'),
      }),
      { class: 'secondary' },
    ),
  );

  const rows = held.map((change) =>
    h(
      'tr',
      null,
      // A held deletion's user is gone from the directory's pages; a held deactivation's can be opened.
      h('td', null, change.kind === 'delete' ? (change.userName ?? change.userId) : h('a', { attrs: { href: link(['t', tenant.id, 'users', change.userId]) } }, change.userName ?? change.userId)),
      h('td', null, change.kind === 'delete' ? 'Deletion' : 'Deactivation'),
      h('td', null, sender(change.provider, change.credential)),
      h('td', null, dateTime(change.at)),
    ),
  );
  return h(
    'div',
    null,
    h('h2', null, 'Held changes'),
    intro,
    h(
      'ul',
      { class: 'summary', attrs: { 'data-held-counts': '' } },
      h('li', null, `${counts.deactivate} deactivations, ${counts.delete} deletions held`),
      counts.providers.map((p) => h('li', null, `${p.count} from ${sender(p.provider, p.credential)}`)),
    ),
    actions,
    table('Held changes', ['User', 'Change', 'Sent by', 'Held since'], rows),
    held.length < total ? h('p', { class: 'hint' }, `The first ${held.length} of ${total} are listed.`) : null,
  );
}
