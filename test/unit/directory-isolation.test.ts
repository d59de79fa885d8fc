/**
 * Two directories in one process share no schema state: each directory's use cases (built for
 * `createScimDirectory` by createProvisioningServices) get their own registry, validator, projector and dialect
 * normaliser, and what one of them learns (resolutions, key placements) is invisible to the other.
 */
import knexFactory from 'knex';
import { afterAll, describe, expect, it } from 'vitest';
import { resolveOptions } from '../../lib/options.js';
import { createProvisioningServices } from '../../lib/provisioning/services.js';
import { TenantsService } from '../../lib/tenants/tenants-service.js';

// Never connected: building a directory does no I/O.
const knex = knexFactory({ client: 'pg', connection: 'postgres://nobody@127.0.0.1:1/none' });
const silent = { error: () => undefined, warn: () => undefined, info: () => undefined, debug: () => undefined };

function directoryParts() {
  const options = resolveOptions({ knex, logger: silent });
  return createProvisioningServices(options, new TenantsService(knex, { lastUsedFlushMs: 0 }));
}

afterAll(async () => {
  await knex.destroy();
});

describe('two directories in one process', () => {
  const first = directoryParts();
  const second = directoryParts();

  it('have their own registry, validator, projector and normaliser', () => {
    expect(second.deps.registry).not.toBe(first.deps.registry);
    expect(second.deps.validator).not.toBe(first.deps.validator);
    expect(second.deps.projector).not.toBe(first.deps.projector);
    expect(second.deps.normalize).not.toBe(first.deps.normalize);
    expect(second.deps.registry.coreAttributes('User')).not.toBe(first.deps.registry.coreAttributes('User'));
  });

  it('normalise and validate the same way, each on its own definitions', () => {
    const body = { schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName: 'ada', 'name.givenName': 'Ada' };
    const a = first.deps.validator.validate('User', 'create', first.deps.normalize('User', 'create', body));
    const b = second.deps.validator.validate('User', 'create', second.deps.normalize('User', 'create', body));
    expect(a).toEqual(b);
    expect(a).toMatchObject({ userName: 'ada', name: { givenName: 'Ada' } });
    const path = { kind: 'attributePath', attribute: 'name', subAttribute: 'givenName' } as const;
    expect(second.deps.registry.resolve('User', path)?.target).not.toBe(first.deps.registry.resolve('User', path)?.target);
  });
});
