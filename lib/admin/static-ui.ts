/**
 * Serving the compiled admin UI (`dist/admin-ui`, built by `npm run build`) as static files. The directory is
 * found from this module's location, which works both from `dist/lib/admin` and, in tests, from `lib/admin`.
 */
import express, { type Request, type Response, type Router } from 'express';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The package root: the nearest ancestor with the `scim-directory` package.json. */
function packageRoot(start: string): string | undefined {
  let dir = start;
  for (;;) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest)) {
      try {
        if ((JSON.parse(readFileSync(manifest, 'utf8')) as { name?: unknown }).name === 'scim-directory') return dir;
      } catch {
        // An unreadable package.json is not ours; keep looking.
      }
    }
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/** Where the compiled admin UI is, or undefined when it was not built. */
export function defaultUiDirectory(): string | undefined {
  const root = packageRoot(dirname(fileURLToPath(import.meta.url)));
  const dir = root ? join(root, 'dist', 'admin-ui') : undefined;
  return dir && existsSync(join(dir, 'index.html')) ? dir : undefined;
}

/**
 * Adds the UI to the router: `/` serves index.html (redirecting `<mount>` to `<mount>/` so the page's relative
 * URLs resolve under the mount point), other paths the UI's files.
 */
export function mountStaticUi(router: Router, uiDirectory: string | undefined): void {
  router.get('/', (req: Request, res: Response, next) => {
    const path = req.originalUrl.split('?')[0] ?? '';
    if (!path.endsWith('/')) {
      // Built from the mount path Express matched (never from raw input), so it cannot point off-site.
      const query = req.originalUrl.slice(path.length);
      res.redirect(301, `${req.baseUrl.replace(/^\/+/, '/')}/${query}`);
      return;
    }
    if (!uiDirectory) {
      res
        .status(503)
        .type('text/plain')
        .send('The admin UI has not been built: run "npm run build" (npm install and npm start do it). The admin API is at api/.');
      return;
    }
    next();
  });
  if (uiDirectory) {
    router.use(
      express.static(uiDirectory, {
        index: 'index.html',
        fallthrough: true,
        maxAge: 0,
        setHeaders: (res) => res.setHeader('Cache-Control', 'no-cache'),
      }),
    );
  }
}
