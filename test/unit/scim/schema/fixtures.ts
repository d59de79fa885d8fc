/** Loads an RFC example payload from `fixtures/` by its file name without `.json`. */
import { readFileSync } from 'node:fs';

export function loadFixture(name: string): Record<string, unknown> {
  return JSON.parse(readFileSync(new URL(`./fixtures/${name}.json`, import.meta.url), 'utf8')) as Record<string, unknown>;
}
