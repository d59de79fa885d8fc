/**
 * One request of the event log: what arrived, what was answered, and a hint what the status usually means.
 * Bodies are shown as text exactly as stored (secrets were redacted before they were stored).
 */
import type { PageContext } from '../context.js';
import { h } from '../dom.js';
import { credentialLabel, dateTime, prettyBody } from '../format.js';
import { link } from '../route.js';
import type { EventDetail, Tenant } from '../types.js';
import { statusBadge } from '../widgets.js';
import { eventResource } from './events.js';

function hint(status: number): string | undefined {
  if (status === 401) return 'Authentication failed: the token is wrong, revoked or expired, or the directory is disabled. Compare the token prefix on the Tokens page with the one in the identity provider.';
  if (status === 404) return 'Not found: the identity provider asked for a resource this directory does not have (perhaps removed here), or used a wrong URL.';
  if (status === 409) return 'Conflict: a user with this userName (or a group with this displayName) exists already. Turn on “Link users on create” in Settings to link instead.';
  if (status === 412) return 'Precondition failed: the identity provider sent an outdated version (If-Match).';
  if (status === 413) return 'The request was larger than the server accepts.';
  if (status === 400) return 'The request was not valid SCIM.';
  if (status >= 500) return 'A server error: the server log has the details under the request id.';
  return undefined;
}

/** The `detail` and `scimType` of a SCIM error response (RFC 7644 §3.12), when the body is one. */
function scimError(body: string | null): { detail: string; scimType?: string } | undefined {
  if (!body) return undefined;
  try {
    const parsed = JSON.parse(body) as { detail?: unknown; scimType?: unknown };
    if (typeof parsed.detail !== 'string' || parsed.detail === '') return undefined;
    return { detail: parsed.detail, ...(typeof parsed.scimType === 'string' ? { scimType: parsed.scimType } : {}) };
  } catch {
    return undefined;
  }
}

/** The hint, followed for an error by what the server answered in its own words. */
function explanation(e: EventDetail): Node | undefined {
  const text = hint(e.status);
  const error = e.status >= 400 ? scimError(e.responseBody) : undefined;
  if (!text && !error) return undefined;
  return h(
    'div',
    { class: e.status >= 400 ? 'warning hint-box' : 'hint' },
    text ? h('p', null, text) : null,
    error ? h('p', { class: 'scim-detail' }, 'The answer said: ', h('q', { class: 'wrap' }, error.detail), error.scimType ? ` (scimType ${error.scimType})` : '', '.') : null,
  );
}

function bodyBlock(title: string, body: string | null): Node[] {
  return [h('h3', null, title), body ? h('pre', { class: 'json', attrs: { tabindex: 0, 'aria-label': title } }, prettyBody(body)) : h('p', { class: 'hint' }, 'No body.')];
}

/** Renders one event. */
export async function eventDetailPage(ctx: PageContext, tenant: Tenant, eventId: string): Promise<Node> {
  const { event: e } = await ctx.api.get<{ event: EventDetail }>(`api/tenants/${tenant.id}/events/${encodeURIComponent(eventId)}`);
  return h(
    'div',
    null,
    h('p', null, h('a', { attrs: { href: link(['t', tenant.id, 'events']) } }, '← Event log')),
    h('h2', { class: 'mono wrap' }, `${e.method} ${e.path}${e.query ? `?${e.query}` : ''} `, statusBadge(e.status)),
    explanation(e) ?? null,
    h(
      'dl',
      { class: 'props' },
      h('dt', null, 'Time'),
      h('dd', null, dateTime(e.at)),
      h('dt', null, 'Duration'),
      h('dd', null, `${e.durationMs.toFixed(1)} ms`),
      h('dt', null, 'Identity provider'),
      h('dd', null, e.provider ?? 'not recognised'),
      h('dt', null, 'Credential'),
      h('dd', null, credentialLabel(e.credentialName, e.credentialKind) ?? 'none accepted'),
      h('dt', null, 'User-Agent'),
      h('dd', { class: 'mono wrap' }, e.userAgent ?? '—'),
      h('dt', null, 'Request id'),
      h('dd', { class: 'mono' }, e.requestId),
      h('dt', null, 'Resource'),
      h('dd', null, e.resourceType ?? '—', ' ', eventResource(tenant, e), e.resourceName && e.resourceId ? h('span', { class: 'mono hint' }, ` ${e.resourceId}`) : null),
    ),
    ...bodyBlock('Request body', e.requestBody),
    ...bodyBlock('Response body', e.responseBody),
  );
}
