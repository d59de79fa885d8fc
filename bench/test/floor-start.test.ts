/**
 * The floor apps start as the standalone server does: the same V8 heap-growth flag, set at start-up, so the
 * benchmark's ratios compare the SCIM work only.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { STANDALONE_HEAP_GROWING_PERCENT } from '../../lib/server/heap-growth.js';
import { startFloor } from '../floor/start-floor.js';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const logDir = mkdtempSync(join(tmpdir(), 'floor-start-'));
afterAll(() => rmSync(logDir, { recursive: true, force: true }));

describe('a floor app', () => {
  it('sets the heap-growth flag the standalone server sets, and serves', async () => {
    const floor = await startFloor(repoRoot, 'bare', '', join(logDir, 'floor-bare.log'));
    try {
      expect(floor.log()).toContain(`(heap growth: --heap-growing-percent=${STANDALONE_HEAP_GROWING_PERCENT})`);
      const response = await fetch(`${floor.ready}/Users`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"userName":"a"}' });
      expect(response.status).toBe(201);
    } finally {
      await floor.stop();
    }
  });
});
