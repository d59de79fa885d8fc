/**
 * A tenant's own extension schemas, as its administrator defines them (admin API, CLI): add or replace, list,
 * remove. Adding attributes is free; removing one, changing its type or multiValued, moving the schema to another
 * resource type or removing the schema while live resources hold values needs `force`, and the refusal says how
 * many resources hold them. Every change bumps the tenant's schema version, so each instance rebuilds its registry.
 */
import type { Knex } from 'knex';
import type { ScimLogger } from '../logger.js';
import type { ResolvedOptions } from '../options.js';
import { ExtensionSchemaProblem, extensionSchemaJson, parseExtensionSchema, type ExtensionSchema } from '../scim/schema/extension-schema.js';
import type { AttributeDefinition } from '../scim/schema/types.js';
import type { TenantsService } from '../tenants/tenants-service.js';
import { countResourcesHolding, deleteTenantSchema, listTenantSchemaRows, lockTenantSchemas, saveTenantSchema, type TenantSchemaRow } from '../store/tenant-schemas-store.js';

/** Why a schema change was refused: `status` is the HTTP status the admin API answers with. */
export class TenantSchemaError extends Error {
  constructor(
    readonly status: 400 | 404 | 409,
    message: string,
    /** The member of the request at fault (`$.attributes[2].type`, `force`, …). */
    readonly where: string,
    /** For a change that needs confirmation: how many resources hold values it would drop or reinterpret. */
    readonly holding?: number,
  ) {
    super(message);
  }
}

/** An extension schema and who defined it. */
export interface ListedSchema extends ExtensionSchema {
  /** `host`: declared by the host's `schemas` option (read-only here); `tenant`: defined by the administrator. */
  readonly source: 'host' | 'tenant';
}

/** The stored schemas that still read as valid definitions; one that does not is logged and left out. */
export function storedExtensions(rows: readonly TenantSchemaRow[], logger: ScimLogger): ExtensionSchema[] {
  const extensions: ExtensionSchema[] = [];
  for (const row of rows) {
    try {
      extensions.push(parseExtensionSchema({ ...(row.definition as Record<string, unknown>), resourceType: row.resource_type }));
    } catch (error) {
      logger.error('a stored extension schema is not valid and is ignored', { urn: row.urn_key, error: String(error) });
    }
  }
  return extensions;
}

/** Names of the top-level attributes of `before` that `after` drops or reinterprets (type, multiValued, sub-attributes). */
function incompatibleAttributes(before: readonly AttributeDefinition[], after: readonly AttributeDefinition[]): string[] {
  const next = new Map(after.map((attribute) => [attribute.name.toLowerCase(), attribute]));
  return before
    .filter((attribute) => {
      const now = next.get(attribute.name.toLowerCase());
      if (now === undefined || now.type !== attribute.type || now.multiValued !== attribute.multiValued) return true;
      return attribute.subAttributes !== undefined && incompatibleAttributes(attribute.subAttributes, now.subAttributes ?? []).length > 0;
    })
    .map((attribute) => attribute.name);
}

/** The administrator's side of tenants' extension schemas. */
export class TenantSchemas {
  private readonly knex: Knex;

  /** `tenants`: told after each change, so this instance's next request of the tenant sees the new schema. */
  constructor(
    private readonly options: ResolvedOptions,
    private readonly tenants?: TenantsService,
  ) {
    this.knex = options.knex;
  }

  /** The extension schemas of the tenant: the host's that apply to it, then its own. */
  async list(tenantId: string): Promise<ListedSchema[]> {
    const own = storedExtensions(await listTenantSchemaRows(this.knex, tenantId), this.options.logger);
    return [...this.hostSchemas(tenantId).map((schema) => ({ resourceType: schema.resourceType, schema: schema.schema, source: 'host' as const })), ...own.map((schema) => ({ ...schema, source: 'tenant' as const }))];
  }

  /**
   * Defines or replaces an extension schema of the tenant from RFC 7643 §7's representation with `resourceType`.
   * Returns the schema as read, and whether it replaced one.
   */
  async add(tenantId: string, input: unknown, options: { readonly force?: boolean } = {}): Promise<{ readonly schema: ExtensionSchema; readonly replaced: boolean }> {
    let extension: ExtensionSchema;
    try {
      extension = parseExtensionSchema(input);
    } catch (error) {
      if (error instanceof ExtensionSchemaProblem) throw new TenantSchemaError(400, `${error.where}: ${error.message}.`, error.where);
      throw error;
    }
    const key = extension.schema.id.toLowerCase();
    if (this.hostSchemas(tenantId).some((schema) => schema.schema.id.toLowerCase() === key)) {
      throw new TenantSchemaError(409, `"${extension.schema.id}" is declared by the application and cannot be changed here.`, '$.id');
    }
    const saved = await this.knex.transaction(async (trx) => {
      const rows = await this.lockedRows(trx, tenantId);
      const current = storedExtensions(rows.filter((row) => row.urn_key === key), this.options.logger)[0];
      if (current !== undefined) {
        const moved = current.resourceType !== extension.resourceType;
        const changed = moved ? undefined : incompatibleAttributes(current.schema.attributes, extension.schema.attributes);
        if (changed === undefined || changed.length > 0) {
          const holding = await this.holding(trx, tenantId, current, changed);
          if (holding > 0 && options.force !== true) {
            const what = changed === undefined ? `moving it from ${current.resourceType} to ${extension.resourceType}` : `removing or retyping ${changed.map((name) => `"${name}"`).join(', ')}`;
            throw new TenantSchemaError(409, `${holding} ${current.resourceType === 'User' ? 'user(s)' : 'group(s)'} hold values of "${current.schema.id}" that ${what} would drop; send force to confirm.`, 'force', holding);
          }
        }
      }
      await saveTenantSchema(trx, tenantId, extension.schema.id, extension.resourceType, extensionSchemaJson(extension));
      return { schema: extension, replaced: current !== undefined };
    });
    this.tenants?.tenantChanged();
    return saved;
  }

  /** Removes an extension schema of the tenant; with live resources holding its values only with `force`. */
  async remove(tenantId: string, urn: string, options: { readonly force?: boolean } = {}): Promise<void> {
    await this.knex.transaction(async (trx) => {
      const rows = await this.lockedRows(trx, tenantId);
      const current = storedExtensions(rows.filter((row) => row.urn_key === urn.toLowerCase()), this.options.logger)[0];
      if (current === undefined) throw new TenantSchemaError(404, `The tenant defines no extension schema "${urn}".`, 'urn');
      const holding = await this.holding(trx, tenantId, current, undefined);
      if (holding > 0 && options.force !== true) {
        throw new TenantSchemaError(409, `${holding} ${current.resourceType === 'User' ? 'user(s)' : 'group(s)'} hold values of "${current.schema.id}"; send force to remove it anyway.`, 'force', holding);
      }
      await deleteTenantSchema(trx, tenantId, urn);
    });
    this.tenants?.tenantChanged();
  }

  private hostSchemas(tenantId: string): ExtensionSchema[] {
    return this.options.schemas.filter((schema) => schema.tenantId === undefined || schema.tenantId === tenantId);
  }

  private async lockedRows(trx: Knex.Transaction, tenantId: string): Promise<TenantSchemaRow[]> {
    if ((await lockTenantSchemas(trx, tenantId)) === undefined) throw new TenantSchemaError(404, `No tenant "${tenantId}".`, 'tenantId');
    return listTenantSchemaRows(trx, tenantId);
  }

  /** Live resources holding any of `attributes` of `extension` (every attribute when undefined). */
  private async holding(trx: Knex.Transaction, tenantId: string, extension: ExtensionSchema, attributes: readonly string[] | undefined): Promise<number> {
    if (attributes === undefined) return countResourcesHolding(trx, tenantId, extension.resourceType, extension.schema.id, undefined);
    let most = 0;
    for (const name of attributes) most = Math.max(most, await countResourcesHolding(trx, tenantId, extension.resourceType, extension.schema.id, name));
    return most;
  }
}
