/**
 * The UI's one DOM helper. Text only ever becomes text: strings are added as text nodes (`textContent`), never
 * parsed as HTML, so whatever an identity provider sent (`<img src=x onerror=…>` as a displayName) shows as the
 * characters it is. Event handlers are attached as functions, never as attributes, and URL attributes accept only
 * in-app and http(s) addresses.
 */

/** What may be a child: nodes, text, numbers; nullish and false are skipped; arrays are flattened. */
export type Child = Node | string | number | null | undefined | false | readonly Child[];

/** Properties of an element made by {@link h}. */
export interface Props {
  readonly class?: string;
  /** Plain attributes (`id`, `for`, `type`, `aria-*`, …). `on*` and `style` are refused. */
  readonly attrs?: Readonly<Record<string, string | number | boolean | undefined>>;
  /** Event listeners. */
  readonly on?: { readonly [K in keyof HTMLElementEventMap]?: (event: HTMLElementEventMap[K]) => void };
  /** For inputs, selects and textareas. */
  readonly value?: string;
  readonly checked?: boolean;
}

const URL_ATTRIBUTES = new Set(['href', 'src', 'action', 'formaction']);
const SAFE_URL = /^(#|\.{0,2}\/|https?:|mailto:)/i;

function append(parent: Node, child: Child): void {
  if (child === null || child === undefined || child === false) return;
  if (Array.isArray(child)) {
    for (const c of child as readonly Child[]) append(parent, c);
    return;
  }
  parent.appendChild(child instanceof Node ? child : document.createTextNode(String(child)));
}

/** Creates an element with properties and children; strings become text nodes. */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, props?: Props | null, ...children: Child[]): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  if (props?.class) element.className = props.class;
  for (const [name, value] of Object.entries(props?.attrs ?? {})) {
    if (value === undefined || value === false) continue;
    const lower = name.toLowerCase();
    if (lower.startsWith('on') || lower === 'style' || lower === 'srcdoc') throw new Error(`h(): attribute "${name}" is not allowed`);
    const text = value === true ? '' : String(value);
    if (URL_ATTRIBUTES.has(lower) && !SAFE_URL.test(text)) throw new Error(`h(): unsafe URL in "${name}"`);
    element.setAttribute(name, text);
  }
  for (const [type, listener] of Object.entries(props?.on ?? {})) {
    if (listener) element.addEventListener(type, listener as EventListener);
  }
  if (props?.value !== undefined) (element as unknown as { value: string }).value = props.value;
  if (props?.checked !== undefined) (element as unknown as { checked: boolean }).checked = props.checked;
  append(element, children);
  return element;
}

/** Replaces an element's children. */
export function replaceChildren(parent: Element, ...children: Child[]): void {
  parent.replaceChildren();
  append(parent, children);
}

/** A `DocumentFragment` of children. */
export function fragment(...children: Child[]): DocumentFragment {
  const f = document.createDocumentFragment();
  append(f, children);
  return f;
}

/** A unique id for label/input pairs. */
export function uid(prefix: string): string {
  return `${prefix}-${Math.random().toString(36).slice(2, 9)}`;
}
