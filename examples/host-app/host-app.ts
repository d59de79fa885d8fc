/**
 * An existing Express application — "Acme Wiki" — that embeds scim-directory: its own routes and sign-in, its own
 * admin check in front of the SCIM admin UI, the SCIM router for identity providers, the read API deciding who may
 * sign in, a hook enforcing the e-mail domains it accepts, events ending the sessions of deactivated users, and an
 * audit trail copied from the durable change feed.
 *
 * A real host imports from 'scim-directory'; the example imports the source so it runs from a clone.
 */
import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import type { Knex } from 'knex';
import { createScimDirectory, type ScimDirectory, type ScimLogger, type WriteHookContext } from '../../lib/index.js';
import { AccessPolicy, type AccessGroups } from './access-policy.js';
import { AuditTrail, ensureAuditTables } from './audit-trail.js';
import { SessionStore } from './sessions.js';

/** How the wiki is set up. */
export interface HostAppOptions {
  /** The wiki's own database connection: the directory lives in the same database. */
  readonly knex: Knex;
  readonly logger?: ScimLogger;
  /** E-mail domains users may have; an identity provider pushing another gets a SCIM 400. Default: any. */
  readonly allowedEmailDomains?: readonly string[];
  readonly groups?: Partial<AccessGroups>;
  /** External URL of the SCIM mount (`https://wiki.example.com/scim`) behind a proxy. */
  readonly publicUrl?: string;
  /** How often the audit trail reads the feed besides when an event arrives, in ms. Default 10 000. */
  readonly auditIntervalMs?: number;
}

/** The running parts of the wiki. */
export interface HostApp {
  readonly app: Express;
  readonly scim: ScimDirectory;
  readonly sessions: SessionStore;
  readonly audit: AuditTrail;
  /** Migrates (the directory's tables, then the wiki's) and starts listening to directory events. */
  start(): Promise<void>;
  close(): Promise<void>;
}

/** The domains check, run by the directory inside the write transaction (option `hooks`). */
function emailDomainHook(domains: readonly string[]) {
  const allowed = domains.map((domain) => domain.toLowerCase());
  return (context: WriteHookContext): void => {
    const emails = Array.isArray(context.resource.emails) ? (context.resource.emails as { value?: unknown }[]) : [];
    for (const email of emails) {
      const domain = String(email.value ?? '').split('@')[1]?.toLowerCase() ?? '';
      if (!allowed.includes(domain)) context.reject(`Acme Wiki accepts e-mail addresses of ${allowed.join(', ')} only; got ${String(email.value)}.`);
    }
  };
}

/** Builds the wiki. Nothing touches the database until `start()`. */
export function createHostApp(options: HostAppOptions): HostApp {
  const groups: AccessGroups = { users: 'Wiki Users', admins: 'Wiki Admins', ...options.groups };
  const scim = createScimDirectory({
    knex: options.knex,
    ...(options.logger ? { logger: options.logger } : {}),
    ...(options.publicUrl ? { publicUrl: options.publicUrl } : {}),
    ...(options.allowedEmailDomains ? { hooks: { beforeUserWrite: emailDomainHook(options.allowedEmailDomains) } } : {}),
  });
  const sessions = new SessionStore();
  const policy = new AccessPolicy(scim, groups);
  const audit = new AuditTrail(options.knex, scim);
  let auditTimer: NodeJS.Timeout | undefined;

  const app = express();
  app.disable('x-powered-by');

  // The SCIM router parses its own bodies: it goes before the wiki's JSON parser.
  app.use('/scim', scim.scimRouter);

  /** The wiki's own admin check: a signed-in member of the admin group. */
  const requireWikiAdmin = async (req: Request, res: Response, next: NextFunction): Promise<void> => {
    const session = sessions.of(req);
    if (!session) {
      res.status(401).json({ error: 'Sign in first.' });
      return;
    }
    if (!(await policy.isAdmin(session.tenantId, session.userId))) {
      res.status(403).json({ error: `Only members of "${groups.admins}" may manage SCIM.` });
      return;
    }
    next();
  };
  app.use('/admin/scim', requireWikiAdmin, scim.adminRouter);

  app.use(express.json());
  app.get('/', (_req, res) => {
    res.type('html').send('<h1>Acme Wiki</h1><p>Sign in with POST /login {"tenant", "email"}.</p>');
  });
  app.post('/login', async (req, res) => {
    const tenant = typeof req.body?.tenant === 'string' ? req.body.tenant : '';
    const email = typeof req.body?.email === 'string' ? req.body.email : '';
    const decision = await policy.decide(tenant, email);
    if (!decision.allowed) {
      res.status(403).json({ error: decision.reason });
      return;
    }
    sessions.start(res, tenant, decision.userId, decision.userName);
    res.json({ userName: decision.userName, displayName: decision.displayName });
  });
  app.get('/me', async (req, res) => {
    const session = sessions.of(req);
    if (!session) {
      res.status(401).json({ error: 'Not signed in.' });
      return;
    }
    const user = await scim.directory.users.get(session.tenantId, session.userId, { attributes: ['userName', 'displayName', 'emails'] });
    res.json({ user, groups: await scim.directory.users.groups(session.tenantId, session.userId) });
  });
  app.post('/logout', (req, res) => {
    const session = sessions.of(req);
    if (session) sessions.end(session.id);
    res.status(204).end();
  });
  app.get('/roster', async (req, res) => {
    const session = sessions.of(req);
    if (!session) {
      res.status(401).json({ error: 'Not signed in.' });
      return;
    }
    res.json({ maySignIn: await policy.roster(session.tenantId), signedIn: sessions.signedIn(session.tenantId).map((s) => s.userName) });
  });
  app.get('/audit', requireWikiAdmin, async (req, res) => {
    const session = sessions.of(req);
    res.json({ changes: session ? await audit.recent(session.tenantId) : [] });
  });

  // Directory events: end sessions at once when an identity provider takes access away. Best-effort by design —
  // the next sign-in is checked against the directory anyway.
  const endSessions = (tenantId: string, userId: string, why: string): void => {
    const ended = sessions.endFor(tenantId, userId);
    if (ended > 0) options.logger?.info('wiki sessions ended', { tenantId, userId, ended, why });
  };
  /** Subscribes once the tables exist (subscribing starts reading the feed). */
  const subscribe = (): void => {
    scim.on('user.deactivated', (event) => endSessions(event.tenantId, event.resourceId, 'deactivated'));
    scim.on('user.deleted', (event) => endSessions(event.tenantId, event.resourceId, 'deleted'));
    scim.on('group.member_removed', async (event) => {
      // Leaving any group can mean leaving the access group through nesting: ask the directory for each member.
      const users =
        event.data.memberType === 'User'
          ? [event.data.memberId]
          : sessions.signedIn(event.tenantId).map((session) => session.userId);
      for (const userId of users) {
        if (!(await policy.stillAllowed(event.tenantId, userId))) endSessions(event.tenantId, userId, 'left the access group');
      }
    });
    scim.on('*', () => void audit.sync());
  };

  return {
    app,
    scim,
    sessions,
    audit,
    async start() {
      await scim.migrate();
      await ensureAuditTables(options.knex);
      subscribe();
      await scim.eventsReady();
      await audit.sync();
      auditTimer = setInterval(() => void audit.sync(), options.auditIntervalMs ?? 10_000);
      auditTimer.unref();
    },
    async close() {
      if (auditTimer) clearInterval(auditTimer);
      await scim.close();
      await audit.sync().catch(() => undefined);
    },
  };
}
