/**
 * The layering of DESIGN.md §2, checked with dependency-cruiser over lib/ (rules in .dependency-cruiser.cjs; the
 * order of the layers is written down in docs/design-notes.md). A failure lists every violation: the rule, the
 * importing module and what it imports.
 */
import { createRequire } from 'node:module';
import { cruise, type IConfiguration, type ICruiseResult, type IViolation } from 'dependency-cruiser';
import extractTsConfig from 'dependency-cruiser/config-utl/extract-ts-config';
import { describe, expect, it } from 'vitest';

const require = createRequire(import.meta.url);
const config = require('../../.dependency-cruiser.cjs') as Required<Pick<IConfiguration, 'forbidden' | 'options'>>;

/** Runs the project's rules over `lib/` under `baseDir` and lists the violations, one line each. */
async function violations(baseDir: string): Promise<string[]> {
  // The project's tsconfig is handed over parsed, so the fixture tree (another baseDir) resolves the same way.
  const { tsConfig: _byFileName, ...options } = config.options;
  const result = await cruise(['lib'], { ...options, baseDir, validate: true, ruleSet: { forbidden: config.forbidden } }, undefined, {
    tsConfig: extractTsConfig('tsconfig.json'),
  });
  const output = result.output as ICruiseResult;
  return output.summary.violations.map(describeViolation).sort();
}

function describeViolation(v: IViolation): string {
  const cycle = v.cycle ? ` (cycle: ${v.cycle.map((step) => step.name).join(' → ')})` : '';
  return `${v.rule.name}: ${v.from} → ${v.to}${cycle}`;
}

describe('layering of lib/', () => {
  it('has no import that breaks a layering rule', async () => {
    expect(await violations(process.cwd())).toEqual([]);
  });
});

describe('the layering rules', () => {
  it('catch I/O and outside imports in scim/, imports of a higher layer and cycles (fixture tree)', async () => {
    const found = await violations(new URL('./fixtures', import.meta.url).pathname);
    expect(found).toEqual([
      'layer-scim: lib/scim/uses-store.js → lib/store/rows.js',
      'layer-store: lib/store/reads-http.js → lib/http/handler.js',
      'layer-tenants: lib/tenants/reads-changes.js → lib/changes/feed.js',
      'no-cycles: lib/changes/feed.js → lib/changes/hub.js (cycle: lib/changes/hub.js → lib/changes/feed.js)',
      expect.stringMatching(/^scim-does-no-io: lib\/scim\/reads-files\.js → (node:)?fs$/),
      'scim-imports-only-scim-and-ajv: lib/scim/uses-store.js → lib/store/rows.js',
    ]);
  });
});
