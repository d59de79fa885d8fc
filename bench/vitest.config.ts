/**
 * Tests of the benchmark's own pure parts (statistics, the load driver, options, the targets table). Kept apart
 * from the product's suite, which needs no benchmark code: `npx vitest run --config bench/vitest.config.ts`.
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  root: fileURLToPath(new URL('..', import.meta.url)),
  test: {
    include: ['bench/test/**/*.test.ts'],
    testTimeout: 10_000,
  },
});
