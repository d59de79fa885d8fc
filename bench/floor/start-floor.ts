/**
 * Starts one floor app ({@link ./floor-app.ts}) in its own process.
 */
import { join } from 'node:path';
import { startService, type ServiceProcess } from '../service-process.js';

/** The three floors of the issue: bare Express, Express + one INSERT, Express + one indexed SELECT. */
export type FloorMode = 'bare' | 'insert' | 'select';

/** Starts the floor app in `mode`; its `ready` is its base URL. */
export function startFloor(repoRoot: string, mode: FloorMode, databaseUrl: string, logFile: string): Promise<ServiceProcess<string>> {
  return startService({
    name: `floor (${mode})`,
    command: process.execPath,
    args: ['--import', 'tsx', join(repoRoot, 'bench', 'floor', 'floor-app.ts'), mode],
    env: { PATH: process.env.PATH, HOME: process.env.HOME, NODE_ENV: 'production', DATABASE_URL: databaseUrl },
    cwd: repoRoot,
    logFile,
    parseReady: (log) => /floor listening on (\S+)/.exec(log)?.[1],
  });
}
