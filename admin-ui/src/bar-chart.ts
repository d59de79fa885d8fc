/**
 * A bar chart of requests and errors per period, drawn as inline SVG with DOM APIs (no library, no inline styles,
 * so the strict Content-Security-Policy holds). Each period is a requests bar with its errors bar in front, scaled
 * to the largest count; the SVG has a text title and description, and the figures are also given in a table for
 * screen readers and exact reading.
 */
import { h } from './dom.js';

const SVG = 'http://www.w3.org/2000/svg';

/** One period of the chart. */
export interface ChartPoint {
  readonly start: string;
  readonly requests: number;
  readonly errors: number;
}

function svg<K extends keyof SVGElementTagNameMap>(tag: K, attrs: Record<string, string | number>, ...children: (Node | string)[]): SVGElementTagNameMap[K] {
  const element = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attrs)) element.setAttribute(name, String(value));
  for (const child of children) element.append(child);
  return element;
}

/**
 * Draws `points` with `label(point)` naming each period (tooltip and table). `title` names the chart for assistive
 * technology.
 */
export function barChart(title: string, points: readonly ChartPoint[], label: (point: ChartPoint) => string, axisEvery: number): HTMLElement {
  const width = 600;
  const height = 140;
  const bottom = 18;
  const top = 14;
  const max = Math.max(1, ...points.map((p) => p.requests));
  const slot = width / Math.max(1, points.length);
  const barWidth = Math.max(2, slot * 0.7);
  const scale = (n: number): number => (n / max) * (height - bottom - top);
  const total = points.reduce((a, p) => a + p.requests, 0);
  const errors = points.reduce((a, p) => a + p.errors, 0);
  const chart = svg(
    'svg',
    { viewBox: `0 0 ${width} ${height}`, class: 'bar-chart', role: 'img', 'aria-label': `${title}: ${total} requests, ${errors} errors` },
    svg('title', {}, `${title}: ${total} requests, ${errors} errors`),
    svg('line', { x1: 0, x2: width, y1: height - bottom, y2: height - bottom, class: 'axis' }),
    svg('text', { x: 0, y: 10, class: 'axis-label' }, `max ${max}`),
  );
  points.forEach((p, i) => {
    const x = i * slot + (slot - barWidth) / 2;
    const requestsHeight = scale(p.requests);
    const errorsHeight = scale(p.errors);
    const group = svg('g', { class: 'bar' }, svg('title', {}, `${label(p)}: ${p.requests} requests, ${p.errors} errors`));
    group.append(svg('rect', { x, y: height - bottom - requestsHeight, width: barWidth, height: requestsHeight, class: 'requests' }));
    if (p.errors > 0) group.append(svg('rect', { x, y: height - bottom - errorsHeight, width: barWidth, height: errorsHeight, class: 'errors' }));
    chart.append(group);
    // The first label starts at its bar, so it is not cut off at the left edge.
    if (i % axisEvery === 0) chart.append(svg('text', { x: i === 0 ? x : x + barWidth / 2, y: height - 4, class: 'axis-label', 'text-anchor': i === 0 ? 'start' : 'middle' }, label(p)));
  });
  const rows = points.map((p) => h('tr', null, h('th', { attrs: { scope: 'row' } }, label(p)), h('td', null, p.requests), h('td', null, p.errors)));
  const details = h(
    'details',
    { class: 'chart-figures' },
    h('summary', null, 'Figures'),
    h('table', null, h('thead', null, h('tr', null, h('th', null, 'Period'), h('th', null, 'Requests'), h('th', null, 'Errors'))), h('tbody', null, rows)),
  );
  return h('figure', { class: 'chart' }, h('figcaption', null, title), chart, details);
}
