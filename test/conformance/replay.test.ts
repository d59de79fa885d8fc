/**
 * Identity-provider replays (DESIGN.md §5): each provider's documented request sequence, replayed over HTTP
 * against a host app on the real test PostgreSQL, one fresh tenant per provider, steps in order. A step checks its
 * status, parts of its response and the directory's state afterwards; later steps use ids saved from earlier ones.
 */
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { detectProvider } from '../../lib/scim/dialects/provider-detection.js';
import { startTestHost, type TestHost } from '../support/http-host.js';
import { loadSuite, suiteFolders } from './replay/fixture.js';
import { runStep, type ReplayTarget } from './replay/run-step.js';

const root = fileURLToPath(new URL('.', import.meta.url));

for (const folder of suiteFolders(root)) {
  const suite = loadSuite(folder);

  describe(`${suite.title} replay`, () => {
    let host: TestHost;
    let target: ReplayTarget;
    const variables = new Map<string, string>();
    // A failed step makes the following ones meaningless (they use its ids): they are reported as skipped-by-failure.
    let failedAt: string | undefined;

    beforeAll(async () => {
      host = await startTestHost();
      const tenant = await host.createTenant(`${suite.title} replay`);
      target = { baseUrl: tenant.baseUrl, token: tenant.token, tenantId: tenant.tenantId, knex: host.knex };
    });

    afterAll(async () => {
      await host?.close();
    });

    it(`is recognised as ${suite.detectedAs}`, () => {
      expect(detectProvider(suite.headers['User-Agent'])).toBe(suite.detectedAs);
    });

    for (const step of suite.steps) {
      it(`${step.file}: ${step.step}`, async () => {
        expect(failedAt, `an earlier step failed (${failedAt ?? ''})`).toBeUndefined();
        const problems = await runStep(target, suite, step, variables);
        if (problems.length > 0) failedAt = step.file;
        expect(problems).toEqual([]);
      });
    }

    it(`labels the suite's requests ${suite.detectedAs} in the event log`, async () => {
      // The event log is written in batches (within a second); wait for this suite's requests to land.
      let providers: (string | null)[] = [];
      for (let attempt = 0; attempt < 40; attempt += 1) {
        const rows = await host.knex('scim_event_log').where({ tenant_id: target.tenantId }).select<{ provider: string | null }[]>('provider');
        providers = rows.map((row) => row.provider);
        if (providers.length >= suite.steps.length) break;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(providers.length).toBeGreaterThanOrEqual(suite.steps.length);
      expect(new Set(providers)).toEqual(new Set([suite.detectedAs]));
    });
  });
}
