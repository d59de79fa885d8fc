/**
 * Hash routes (`#/t/<tenant>/users?q=ada`): the UI is one page served from any mount point, so navigation needs
 * no server fallback, and every view — search terms and page included — is a link that can be bookmarked.
 */

/** A parsed route. */
export interface Route {
  /** Path segments after `#/`, decoded. */
  readonly parts: readonly string[];
  readonly query: URLSearchParams;
}

/** The current route. */
export function currentRoute(): Route {
  const hash = location.hash.startsWith('#/') ? location.hash.slice(2) : '';
  const q = hash.indexOf('?');
  const path = q < 0 ? hash : hash.slice(0, q);
  const parts = path.split('/').filter(Boolean).map((p) => {
    try {
      return decodeURIComponent(p);
    } catch {
      return p;
    }
  });
  return { parts, query: new URLSearchParams(q < 0 ? '' : hash.slice(q + 1)) };
}

/** A hash link from segments and optional query. */
export function link(parts: readonly string[], query?: Record<string, string | number | undefined>): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query ?? {})) if (v !== undefined && v !== '') params.set(k, String(v));
  const qs = params.toString();
  return `#/${parts.map(encodeURIComponent).join('/')}${qs ? `?${qs}` : ''}`;
}

/** Goes to a hash link. */
export function navigate(href: string): void {
  if (location.hash === href) window.dispatchEvent(new HashChangeEvent('hashchange'));
  else location.hash = href;
}
