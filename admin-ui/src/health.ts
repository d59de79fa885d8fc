/**
 * Tenants' health in the admin UI: the state badge of the directory list and the overview's health section with
 * the last successful request, the recent error rate and the request charts (24 hours by hour, 30 days by day).
 */
import { barChart, type ChartPoint } from './bar-chart.js';
import type { PageContext } from './context.js';
import { h } from './dom.js';
import { dateTime, relative } from './format.js';

/** A tenant's health as `GET api/health` and `GET api/tenants/:id/health` answer it. */
export interface TenantHealth {
  readonly tenantId: string;
  readonly state: 'disabled' | 'changes-held' | 'never-connected' | 'failing' | 'credential-expiring' | 'quiet' | 'healthy';
  readonly lastRequestAt: string | null;
  readonly lastSuccessAt: string | null;
  readonly provider: string | null;
  readonly recentRequests: number;
  readonly recentErrors: number;
  readonly errorRate: number | null;
  readonly credentialExpiresAt: string | null;
  readonly quietAfterMinutes: number;
  /** Changes the deprovisioning guard holds for an administrator's decision. */
  readonly heldChanges?: number;
}

interface HealthAnswer {
  readonly health: TenantHealth;
  readonly history: { readonly hourly: readonly ChartPoint[]; readonly daily: readonly ChartPoint[] };
}

const LABELS: Record<TenantHealth['state'], { text: string; tone: string }> = {
  healthy: { text: 'Healthy', tone: 'ok' },
  failing: { text: 'Failing', tone: 'server-error' },
  'credential-expiring': { text: 'Token expiring', tone: 'client-error' },
  quiet: { text: 'Quiet', tone: 'client-error' },
  'never-connected': { text: 'Never connected', tone: 'muted' },
  disabled: { text: 'Disabled', tone: 'muted' },
  'changes-held': { text: 'Changes held', tone: 'server-error' },
};

/** The state as a badge. */
export function healthBadge(health: TenantHealth | undefined): HTMLElement {
  const label = health ? LABELS[health.state] : { text: 'Unknown', tone: 'muted' };
  return h('span', { class: `badge ${label.tone}`, attrs: { 'data-health': health?.state ?? 'unknown' } }, label.text);
}

function percent(rate: number | null): string {
  return rate === null ? 'no requests' : `${Math.round(rate * 1000) / 10} %`;
}

/** What the state means and what to do, in a sentence. */
function explanation(health: TenantHealth): string {
  switch (health.state) {
    case 'failing':
      return `At least 20 % of the recent requests failed (${health.recentErrors} of ${health.recentRequests}). Entra ID quarantines provisioning at 40 %: read the errors in the event log.`;
    case 'credential-expiring':
      return `A token expires ${relative(health.credentialExpiresAt)} (${dateTime(health.credentialExpiresAt)}). Issue a new one and give it to the identity provider.`;
    case 'quiet':
      return `No request for more than ${Math.round(health.quietAfterMinutes / 60)} hours, longer than this identity provider's cycle. Check that provisioning is still switched on.`;
    case 'changes-held':
      return `The deprovisioning guard holds ${health.heldChanges ?? 0} deactivations or deletions from the application. Review them under Held changes.`;
    case 'never-connected':
      return 'No request has arrived yet.';
    case 'disabled':
      return 'This directory is disabled.';
    default:
      return 'Requests arrive and succeed.';
  }
}

/** The overview's health section. */
export async function healthSection(ctx: PageContext, tenantId: string): Promise<HTMLElement> {
  const { health, history } = await ctx.api.get<HealthAnswer>(`api/tenants/${tenantId}/health`);
  const hourLabel = (p: ChartPoint): string => new Date(p.start).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });
  const dayLabel = (p: ChartPoint): string => new Date(p.start).toLocaleDateString(undefined, { month: 'short', day: 'numeric', timeZone: 'UTC' });
  return h(
    'section',
    { class: 'card health', attrs: { 'aria-labelledby': 'health-title' } },
    h('h2', { attrs: { id: 'health-title' } }, 'Health ', healthBadge(health)),
    h('p', null, explanation(health)),
    h(
      'dl',
      { class: 'health-facts' },
      h('dt', null, 'Last successful request'),
      h('dd', null, health.lastSuccessAt ? `${relative(health.lastSuccessAt)} (${dateTime(health.lastSuccessAt)})` : 'none'),
      h('dt', null, 'Error rate, last 1–2 hours'),
      h('dd', null, percent(health.errorRate)),
    ),
    barChart('Requests and errors per hour, last 24 hours', history.hourly, hourLabel, 6),
    barChart('Requests and errors per day, last 30 days (UTC)', history.daily, dayLabel, 7),
  );
}
