/**
 * One request of the event log: what arrived, what was answered, and a hint what the status usually means.
 * Bodies are shown as text exactly as stored (secrets were redacted before they were stored).
 */
import type { PageContext } from '../context.js';
import { h } from '../dom.js';
import { dateTime, prettyBody } from '../format.js';
import { link } from '../route.js';
import type { EventDetail, Tenant } from '../types.js';
import { statusBadge } from '../widgets.js';

function hint(status: number): string | undefined {
  if (status === 401) return 'Authentication failed: the token is wrong, revoked or expired, or the directory is disabled. Compare the token prefix on the Tokens page with the one in the identity provider.';
  if (status === 404) return 'Not found: the identity provider asked for a resource this directory does not have (perhaps removed here), or used a wrong URL.';
  if (status === 409) return 'Conflict: a user with this userName (or a group with this displayName) exists already. Turn on “Link users on create” in Settings to link instead.';
  if (status === 412) return 'Precondition failed: the identity provider sent an outdated version (If-Match).';
  if (status === 413) return 'The request was larger than the server accepts.';
  if (status === 400) return 'The request was not valid SCIM: the response body says where.';
  if (status >= 500) return 'A server error: the server log has the details under the request id.';
  return undefined;
}

function bodyBlock(title: string, body: string | null): Node[] {
  return [h('h3', null, title), body ? h('pre', { class: 'json', attrs: { tabindex: 0, 'aria-label': title } }, prettyBody(body)) : h('p', { class: 'hint' }, 'No body.')];
}

/** Renders one event. */
export async function eventDetailPage(ctx: PageContext, tenant: Tenant, eventId: string): Promise<Node> {
  const { event: e } = await ctx.api.get<{ event: EventDetail }>(`api/tenants/${tenant.id}/events/${encodeURIComponent(eventId)}`);
  const explanation = hint(e.status);
  const resourceLink =
    e.resourceId && (e.resourceType === 'Users' || e.resourceType === 'Groups')
      ? h('a', { attrs: { href: link(['t', tenant.id, e.resourceType === 'Users' ? 'users' : 'groups', e.resourceId]) } }, e.resourceId)
      : (e.resourceId ?? '—');
  return h(
    'div',
    null,
    h('p', null, h('a', { attrs: { href: link(['t', tenant.id, 'events']) } }, '← Event log')),
    h('h2', { class: 'mono wrap' }, `${e.method} ${e.path}${e.query ? `?${e.query}` : ''} `, statusBadge(e.status)),
    explanation ? h('p', { class: e.status >= 400 ? 'warning' : 'hint' }, explanation) : null,
    h(
      'dl',
      { class: 'props' },
      h('dt', null, 'Time'),
      h('dd', null, dateTime(e.at)),
      h('dt', null, 'Duration'),
      h('dd', null, `${e.durationMs.toFixed(1)} ms`),
      h('dt', null, 'Identity provider'),
      h('dd', null, e.provider ?? 'not recognised'),
      h('dt', null, 'User-Agent'),
      h('dd', { class: 'mono wrap' }, e.userAgent ?? '—'),
      h('dt', null, 'Request id'),
      h('dd', { class: 'mono' }, e.requestId),
      h('dt', null, 'Resource'),
      h('dd', null, e.resourceType ?? '—', ' ', resourceLink),
    ),
    ...bodyBlock('Request body', e.requestBody),
    ...bodyBlock('Response body', e.responseBody),
  );
}
