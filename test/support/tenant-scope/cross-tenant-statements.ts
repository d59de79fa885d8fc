/**
 * The library's deliberate cross-tenant statements, exempt from the one-tenant rule, each with why. On a Citus
 * cluster they run on every shard (a multi-shard query), which is correct but not cheap, so the list stays short:
 * adding to it needs a reason a reviewer accepts.
 */

/** An exempt statement: a pattern of its text (whitespace collapsed) and the reason. */
export interface CrossTenantStatement {
  readonly pattern: RegExp;
  readonly reason: string;
}

/** Every exemption. */
export const CROSS_TENANT_STATEMENTS: readonly CrossTenantStatement[] = [
  {
    pattern: /^select c\.tenant_id, .* from scim_changes c where \(c\.txid, c\.seq\) > /,
    reason: "the host's change events follow every tenant's changes in commit order (lib/store/feed-queries.ts)",
  },
  {
    pattern: /^select exists \( select 1 from scim_changes where \(txid, seq\) > /,
    reason: 'the change follower asks whether any tenant has changes not yet visible (lib/store/feed-queries.ts)',
  },
  {
    pattern: /^with d as \( ?delete from scim_changes where \(tenant_id, seq\) in \(select tenant_id, seq from scim_changes where at < /,
    reason: 'retention prunes old changes of all tenants by age (lib/store/feed-pruning.ts)',
  },
  {
    pattern: /^select "t"\."tenant_id", \(select max\(c\.last_request_at\) from scim_request_counts c where c\.tenant_id = t\.tenant_id\)/,
    reason:
      "the health of every tenant at once, for the admin's directory list and /metrics (lib/store/request-counts-store.ts); each subquery keeps to its row's tenant",
  },
  {
    pattern: /^select count\(\*\) as "n" from "scim_admin_audit" limit \$\d+$/,
    reason: "the admin's audit trail of every tenant at once counts its entries for paging (lib/store/admin-audit-store.ts)",
  },
  {
    pattern: /^select "id", "tenant_id", .* from "scim_admin_audit" order by "id" desc limit \$\d+( offset \$\d+)?$/,
    reason: "the admin's audit trail of every tenant at once, newest first, a page at a time (lib/store/admin-audit-store.ts)",
  },
  {
    pattern: /^select "tenant_id" from "scim_webhook_deliveries" where "status" = \$1 and "next_attempt_at" <= CURRENT_TIMESTAMP group by "tenant_id" order by min\(next_attempt_at\) asc limit \$2$/,
    reason: 'the webhook worker finds the tenants with due deliveries, then claims per tenant (lib/store/webhook-deliveries-store.ts)',
  },
  {
    pattern: /^delete from "scim_webhook_deliveries" where not "status" = \$1 and "completed_at" < now\(\) - \(\$2 \* interval '1 millisecond'\)$/,
    reason: "retention prunes every tenant's old completed webhook deliveries by age, hourly (lib/store/webhook-deliveries-store.ts)",
  },
  {
    pattern: /^select "tenant_id", count\(\*\) as "n" from "scim_deprovisions" where "held" = \$\d+ group by "tenant_id"$/,
    reason: "/metrics reports every tenant's held changes at once, one gauge per tenant holding any (lib/store/deprovisions-store.ts)",
  },
];

/** The reason `sql` is exempt, or undefined. */
export function crossTenantReason(sql: string): string | undefined {
  const text = sql.replace(/\s+/g, ' ').trim();
  return CROSS_TENANT_STATEMENTS.find((s) => s.pattern.test(text))?.reason;
}
