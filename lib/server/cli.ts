#!/usr/bin/env node
/**
 * The `scim-directory` command line: `serve`, `migrate`, `tenants …`, `tokens …`, `clients …`. It picks the database exactly as
 * the server does (DATABASE_URL, else the embedded PGlite in SCIM_DATA_DIR or ./data).
 */
import { runCli } from './cli-commands.js';

runCli(process.argv.slice(2)).then(
  (code) => {
    if (code !== undefined) process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`scim-directory: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
