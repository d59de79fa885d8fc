/**
 * The name of the user or group an event log entry is about, read from its recorded bodies, so the log can say
 * "POST /Users ada@example.com" instead of only the path: a user's `userName`, a group's `displayName`. The
 * response is read first (it is what the directory holds after the request), then the request (a refused create
 * has only that). Bodies may be cut short, so a body that is not whole JSON is searched for the attribute as text.
 */

/** The key attribute that names a resource of each type. */
const NAME_ATTRIBUTE: Readonly<Record<string, string>> = { Users: 'userName', Groups: 'displayName' };

/** At most this many characters of a name are returned; a longer value is cut with an ellipsis. */
const MAX_NAME = 200;

/** What the naming needs of an event. */
export interface SubjectSource {
  readonly method: string;
  readonly path: string;
  readonly resourceType: string | null;
  readonly requestBody: string | null;
  readonly responseBody: string | null;
}

function fromJson(body: string, attribute: string): string | undefined {
  try {
    const parsed: unknown = JSON.parse(body);
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return undefined;
    const value = (parsed as Record<string, unknown>)[attribute];
    return typeof value === 'string' && value.trim() !== '' ? value : undefined;
  } catch {
    return undefined;
  }
}

function fromText(body: string, attribute: string): string | undefined {
  // `"userName":"…"` with JSON escapes inside; the first occurrence is the top-level one in what SCIM clients send.
  const match = new RegExp(`"${attribute}"\\s*:\\s*"((?:[^"\\\\]|\\\\.){1,${MAX_NAME * 6}})"`).exec(body);
  if (!match?.[1]) return undefined;
  try {
    const value: unknown = JSON.parse(`"${match[1]}"`);
    return typeof value === 'string' && value.trim() !== '' ? value : undefined;
  } catch {
    return undefined;
  }
}

function nameIn(body: string | null, attribute: string): string | undefined {
  if (!body) return undefined;
  return fromJson(body, attribute) ?? fromText(body, attribute);
}

/**
 * The user's userName or the group's displayName of a request about one user or group (`POST /Users`,
 * `PATCH /Groups/<id>`, …); undefined for lists, searches, Bulk and discovery, and when the bodies do not say.
 */
export function eventSubject(event: SubjectSource): string | undefined {
  const attribute = event.resourceType ? NAME_ATTRIBUTE[event.resourceType] : undefined;
  if (!attribute) return undefined;
  const single = /^\/[^/]+\/(?!\.search$)[^/]+$/.test(event.path) || (event.method === 'POST' && /^\/[^/]+\/?$/.test(event.path));
  if (!single) return undefined;
  const name = nameIn(event.responseBody, attribute) ?? nameIn(event.requestBody, attribute);
  if (name === undefined) return undefined;
  return name.length > MAX_NAME ? `${name.slice(0, MAX_NAME)}…` : name;
}
