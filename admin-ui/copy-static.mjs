// Build step of the admin UI: copies the static files (index.html, app.css) next to the compiled modules.
// Plain Node so `npm run build` needs nothing beyond tsc.
import { cpSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const target = join(here, '..', 'dist', 'admin-ui');
mkdirSync(target, { recursive: true });
cpSync(join(here, 'static'), target, { recursive: true });
