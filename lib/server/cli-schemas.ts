/**
 * `scim-directory schemas add TENANT --file schema.json [--force]`, `schemas list TENANT` and
 * `schemas remove TENANT URN [--force]`: a tenant's extension schemas from the command line. The file holds a
 * schema in RFC 7643 §7's representation (the form `/Schemas` returns) with `resourceType` ("User" or "Group")
 * beside it.
 */
import { readFile } from 'node:fs/promises';
import type { ScimDirectory } from '../directory.js';
import { TenantSchemaError } from '../provisioning/tenant-schemas.js';
import { extensionSchemaJson } from '../scim/schema/extension-schema.js';

/** The flags the schema commands read. */
export interface SchemaCommandFlags {
  readonly file: string | undefined;
  readonly force: boolean;
  readonly json: boolean;
}

async function readSchemaFile(path: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new Error(`Cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}.`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new Error(`${path} is not JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** A refused change as the CLI says it: the message, and for a confirmation how to give it. */
function cliError(error: unknown): unknown {
  if (!(error instanceof TenantSchemaError)) return error;
  return new Error(error.holding === undefined ? error.message : `${error.message.replace(/; send force.*$/, '')}; run again with --force to confirm.`);
}

/** Runs `schemas ACTION …`; `withDirectory` opens the configured database. Resolves to the exit code. */
export async function runSchemasCommand(
  action: string | undefined,
  args: readonly string[],
  flags: SchemaCommandFlags,
  print: (text: string) => void,
  withDirectory: <T>(work: (directory: ScimDirectory) => Promise<T>) => Promise<T>,
  fail: (message: string) => never,
): Promise<number> {
  const tenantId = args[0] ?? fail(`schemas ${action ?? ''} needs a TENANT id.`);
  if (action === 'add') {
    const file = flags.file ?? fail('schemas add needs --file schema.json.');
    const input = await readSchemaFile(file);
    return withDirectory(async (directory) => {
      try {
        const { schema, replaced } = await directory.schemas.add(tenantId, input, { force: flags.force });
        print(flags.json ? JSON.stringify(extensionSchemaJson(schema)) : `${replaced ? 'Replaced' : 'Added'} ${schema.resourceType} extension ${schema.schema.id} (${schema.schema.attributes.length} attributes).`);
        return 0;
      } catch (error) {
        throw cliError(error);
      }
    });
  }
  if (action === 'list') {
    return withDirectory(async (directory) => {
      if (!(await directory.tenants.get(tenantId))) fail(`No tenant "${tenantId}".`);
      const listed = await directory.schemas.list(tenantId);
      if (flags.json) print(JSON.stringify(listed.map((schema) => ({ ...extensionSchemaJson(schema), source: schema.source }))));
      else if (listed.length === 0) print('No extension schemas. Add one with: scim-directory schemas add TENANT --file schema.json');
      else for (const schema of listed) print(`${schema.schema.id}  ${schema.resourceType.padEnd(5)}  ${schema.source.padEnd(6)}  ${schema.schema.attributes.map((a) => a.name).join(', ')}`);
      return 0;
    });
  }
  if (action === 'remove') {
    const urn = args[1] ?? fail('schemas remove needs TENANT and URN.');
    return withDirectory(async (directory) => {
      try {
        await directory.schemas.remove(tenantId, urn, { force: flags.force });
      } catch (error) {
        throw cliError(error);
      }
      print(flags.json ? JSON.stringify({ id: urn, removed: true }) : `Removed extension ${urn}.`);
      return 0;
    });
  }
  return fail(`Unknown command "schemas ${action ?? ''}".`);
}
