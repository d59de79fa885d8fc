/**
 * A JWKS server for tests: HTTPS on 127.0.0.1 with a self-signed certificate made at test time (openssl), serving
 * the key sets it is given at their paths and counting the requests.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A running key server. */
export interface JwksServer {
  /** `127.0.0.1:<port>`, as `jwksAllowedHosts` names it. */
  readonly host: string;
  /** The certificate to trust (`jwksCa`). */
  readonly ca: string;
  /** The key sets served, by path (`/keys`); change them to rotate keys. */
  readonly sets: Map<string, unknown>;
  /** Requests per path. */
  readonly hits: Map<string, number>;
  url(path: string): string;
  close(): Promise<void>;
}

/** Starts the server. */
export async function startJwksServer(): Promise<JwksServer> {
  const dir = mkdtempSync(join(tmpdir(), 'scim-jwks-'));
  try {
    execFileSync('openssl', [
      'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1',
      '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1',
      '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'),
    ], { stdio: 'ignore' });
    const key = readFileSync(join(dir, 'key.pem'), 'utf8');
    const cert = readFileSync(join(dir, 'cert.pem'), 'utf8');
    const sets = new Map<string, unknown>();
    const hits = new Map<string, number>();
    const server: Server = createServer({ key, cert }, (req, res) => {
      const path = req.url ?? '/';
      hits.set(path, (hits.get(path) ?? 0) + 1);
      const set = sets.get(path);
      if (set === undefined) {
        res.writeHead(path === '/redirect' ? 302 : 404, path === '/redirect' ? { location: 'https://127.0.0.1/keys' } : {}).end();
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(set));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const host = `127.0.0.1:${(server.address() as AddressInfo).port}`;
    return {
      host,
      ca: cert,
      sets,
      hits,
      url: (path) => `https://${host}${path}`,
      close: () => new Promise<void>((resolve) => server.close(() => resolve())),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
