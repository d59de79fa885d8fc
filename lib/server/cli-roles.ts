/**
 * `scim-directory roles list TENANT`, `roles map TENANT GROUP ROLE` and `roles unmap TENANT GROUP ROLE`: a
 * tenant's groups mapped to roles from the command line. GROUP is a group's id or its displayName; ROLE one of
 * the roles declared for the tenant. Changes are audited with the CLI's OS user as actor.
 */
import type { ScimDirectory } from '../directory.js';
import { RoleMappingError } from '../provisioning/role-mappings.js';
import { cliActor } from './cli-actor.js';

/** The usage lines of the roles commands. */
export const ROLES_USAGE = `  roles list TENANT [--json]                the roles declared for the tenant and the groups mapped to them
  roles map TENANT GROUP ROLE               map a group (id or displayName) to a declared role
  roles unmap TENANT GROUP ROLE`;

/** What a roles command needs from the CLI. */
export interface RolesCommand {
  readonly action: string | undefined;
  readonly args: readonly string[];
  readonly json: boolean;
  readonly print: (text: string) => void;
  readonly fail: (message: string) => never;
  readonly withDirectory: <T>(work: (directory: ScimDirectory) => Promise<T>) => Promise<T>;
}

async function groupIdOf(directory: ScimDirectory, tenantId: string, group: string): Promise<string> {
  const byId = await directory.directory.groups.get(tenantId, group, { attributes: ['id'] });
  if (byId) return byId.id as string;
  const byName = await directory.directory.groups.findByDisplayName(tenantId, group, { attributes: ['id'] });
  return typeof byName?.id === 'string' ? byName.id : group;
}

/** Runs `roles ACTION …`; resolves to the exit code. */
export async function runRolesCommand(command: RolesCommand): Promise<number> {
  const { action, args, json, print, fail } = command;
  const tenantId = args[0] ?? fail(`roles ${action ?? ''} needs a TENANT id.`);
  return command.withDirectory(async (directory) => {
    const tenant = (await directory.tenants.get(tenantId)) ?? fail(`No tenant "${tenantId}".`);
    if (action === 'list') {
      const [roles, mappings] = await Promise.all([directory.declaredValues.list(tenant.id, 'roles'), directory.roleMappings.list(tenant.id)]);
      if (json) {
        print(JSON.stringify({ roles, mappings }));
        return 0;
      }
      for (const role of roles) {
        const groups = mappings.filter((mapping) => mapping.role === role.value).map((mapping) => JSON.stringify(mapping.groupDisplayName));
        print(`${role.value}  ${role.source.padEnd(6)}  ${groups.length > 0 ? groups.join(', ') : '(no group)'}`);
      }
      if (roles.length === 0) print('No roles declared: the host declares them with the "roles" option, an administrator per tenant in the admin UI.');
      return 0;
    }
    if (action !== 'map' && action !== 'unmap') fail(`Unknown command "roles ${action ?? ''}".`);
    const group = args[1] ?? fail(`roles ${action} needs TENANT, GROUP and ROLE.`);
    const role = args[2] ?? fail(`roles ${action} needs TENANT, GROUP and ROLE.`);
    const groupId = await groupIdOf(directory, tenant.id, group);
    try {
      if (action === 'map') {
        const { mapping, created } = await directory.roleMappings.add(tenant, groupId, role, cliActor());
        print(json ? JSON.stringify({ ...mapping, created }) : `${created ? 'Mapped' : 'Already mapped:'} group "${mapping.groupDisplayName}" to role "${role}".`);
      } else {
        if (!(await directory.roleMappings.remove(tenant, groupId, role, cliActor()))) fail(`Group "${group}" is not mapped to role "${role}".`);
        print(json ? JSON.stringify({ groupId, role, removed: true }) : `Removed the mapping of group "${group}" to role "${role}".`);
      }
    } catch (error) {
      if (error instanceof RoleMappingError) fail(error.message);
      throw error;
    }
    return 0;
  });
}
