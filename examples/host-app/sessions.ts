/**
 * The example host's own sign-in sessions: random ids in an HttpOnly cookie, kept in memory on the app instance.
 * (A real host keeps them in its database or a cache; what matters here is that the host, not the SCIM service,
 * owns them — and ends them when an identity provider deactivates a user.)
 */
import { randomBytes } from 'node:crypto';
import type { Request, Response } from 'express';

/** The host's session cookie. */
export const SESSION_COOKIE = 'wiki_session';

/** A signed-in user. */
export interface Session {
  readonly id: string;
  readonly tenantId: string;
  readonly userId: string;
  readonly userName: string;
  readonly startedAt: Date;
}

/** The sessions of one app instance. */
export class SessionStore {
  private readonly sessions = new Map<string, Session>();

  /** Starts a session and sets its cookie. */
  start(res: Response, tenantId: string, userId: string, userName: string): Session {
    const session: Session = { id: randomBytes(24).toString('base64url'), tenantId, userId, userName, startedAt: new Date() };
    this.sessions.set(session.id, session);
    res.append('Set-Cookie', `${SESSION_COOKIE}=${session.id}; Path=/; HttpOnly; SameSite=Lax${res.req.secure ? '; Secure' : ''}`);
    return session;
  }

  /** The request's session, if any. */
  of(req: Request): Session | undefined {
    const cookie = (req.headers.cookie ?? '').split(';').map((part) => part.trim().split('='));
    const id = cookie.find(([name]) => name === SESSION_COOKIE)?.[1];
    return id ? this.sessions.get(id) : undefined;
  }

  /** Ends one session. */
  end(id: string): void {
    this.sessions.delete(id);
  }

  /** Ends every session of a user; returns how many there were. */
  endFor(tenantId: string, userId: string): number {
    let ended = 0;
    for (const [id, session] of this.sessions) {
      if (session.tenantId === tenantId && session.userId === userId) {
        this.sessions.delete(id);
        ended++;
      }
    }
    return ended;
  }

  /** The users signed in now, per tenant. */
  signedIn(tenantId: string): Session[] {
    return [...this.sessions.values()].filter((session) => session.tenantId === tenantId);
  }
}
