/**
 * Feeds the largest accepted input of every kind through the synchronous code a request runs (JSON parse, depth
 * check, dialect rules, parsing, validation, PATCH, SQL compilation, projection, serialisation) and reports the
 * event loop's maximum delay per input kind (`perf_hooks.monitorEventLoopDelay`). Pure code, no database: what it
 * measures is how long one request can keep every other request of the process waiting.
 *
 *   node --import tsx bench/event-loop/event-loop-delay.ts [part of a kind's name]
 */
import { assertBodyDepth, assertRawBodyShape, MAX_BODY_DEPTH, MAX_BODY_NODES, MAX_RESOURCE_BODY_NODES } from '../../lib/http/routes/body-depth.js';
import { listParamsFromSearchBody } from '../../lib/provisioning/list-params.js';
import { parseBulkRequest } from '../../lib/provisioning/bulk/bulk-request.js';
import { VALIDATION_SLICE } from '../../lib/provisioning/bulk/bulk-user-batch.js';
import { createRequestNormalizer } from '../../lib/scim/dialects/request-normalizer.js';
import { ScimError } from '../../lib/scim/errors.js';
import { checkFilter } from '../../lib/scim/filter/check.js';
import { parseFilter } from '../../lib/scim/filter/parser.js';
import { createProjector } from '../../lib/scim/list/projection.js';
import { applyPatch } from '../../lib/scim/patch/apply-patch.js';
import { MAX_PATCH_OPERATIONS, MAX_PATCH_SCANNED_VALUES } from '../../lib/scim/patch/limits.js';
import { parsePatchRequest } from '../../lib/scim/patch/patch-request.js';
import { createSchemaRegistry } from '../../lib/scim/schema/registry.js';
import { createResourceValidator } from '../../lib/scim/schema/resource-validator.js';
import type { ScimResource } from '../../lib/scim/schema/types.js';
import { compileFilter } from '../../lib/store/filter/compile-filter.js';
import { sortExpression } from '../../lib/store/sort-expression.js';
import { userKeyColumns } from '../../lib/store/user-columns.js';
import * as inputs from './largest-inputs.js';
import { measureLoopDelay } from './measure.js';

const registry = createSchemaRegistry();
const validator = createResourceValidator(registry);
const normalize = createRequestNormalizer(registry);
const projector = createProjector(registry);
const everything = projector.parse('User', {});
const BULK_LIMITS = { maxOperations: inputs.BULK_MAX_OPERATIONS, maxPayloadSize: inputs.BODY_LIMIT };

const rawBodies = new Map<string, Buffer>();

/**
 * A request body as the HTTP layer reads it: the raw bytes' shape check (Bulk's node cap when `bulk`), the parse,
 * the walk of the parsed body.
 */
function readBody(text: string, bulk = false): unknown {
  let raw = rawBodies.get(text);
  if (raw === undefined) rawBodies.set(text, (raw = Buffer.from(text)));
  assertRawBodyShape(raw, MAX_BODY_DEPTH, bulk ? MAX_BODY_NODES : MAX_RESOURCE_BODY_NODES);
  const body: unknown = JSON.parse(raw.toString('utf8'));
  assertBodyDepth(body);
  return body;
}

/** The response a write sends back. */
function respond(doc: ScimResource): string {
  return JSON.stringify(projector.project('User', doc, everything));
}

/** Runs `work`, keeping a ScimError as the outcome (a refused input still costs its time). */
function outcome(work: () => unknown): () => string {
  return () => {
    try {
      work();
      return 'accepted';
    } catch (error) {
      if (error instanceof ScimError) return `${error.status} ${error.scimType ?? ''}`.trim();
      throw error;
    }
  };
}

function filterWork(text: string): () => unknown {
  return () => {
    const query = normalize('User', 'search', { filter: text }) as { filter: string };
    const node = parseFilter(query.filter);
    checkFilter(registry, 'User', node);
    return compileFilter(registry, 'User', node);
  };
}

function patchWork(stored: ScimResource, text: string): () => unknown {
  return () => {
    const operations = parsePatchRequest(normalize('User', 'patch', readBody(text)));
    const result = applyPatch(registry, 'User', stored, operations, { createOnNoMatch: true });
    return respond(validator.validate('User', 'replace', result.resource));
  };
}

async function main(): Promise<void> {
  const largeUserText = inputs.largeUserBody();
  const stored = validator.validate('User', 'create', normalize('User', 'create', JSON.parse(largeUserText)));
  const bulkText = inputs.bulkBody();
  const bulkOperations = parseBulkRequest(JSON.parse(bulkText), BULK_LIMITS).operations;
  const searchText = inputs.projectionSearchBody();
  const sortBy = inputs.longSortBy();
  const deepText = inputs.deepBody(inputs.RESOURCE_BODY_LIMIT, MAX_RESOURCE_BODY_NODES);
  const deepBulkText = inputs.deepBody(inputs.BODY_LIMIT);
  const groupText = inputs.largeGroupBody();
  const storedGroup = validator.validate('Group', 'create', JSON.parse(inputs.largeGroupBody(10)));
  const memberAddsText = inputs.patchMemberAddsBody();
  const [addsText, filteredText, pathlessText] = [inputs.patchAddsBody(), inputs.patchFilteredBody(), inputs.patchPathlessBody()];
  // The most emails a user may have for the operation cap of filtered operations to fit the scan budget.
  const budgetEmails = Math.floor(MAX_PATCH_SCANNED_VALUES / MAX_PATCH_OPERATIONS);
  const budgetUser = validator.validate('User', 'create', JSON.parse(inputs.userWithEmailsBody(budgetEmails)));
  const budgetText = inputs.patchFilteredBody(budgetEmails);
  const [longestFilter, deepFilter] = [inputs.longestFilter(), inputs.deepFilter()];
  const kinds: [string, number, () => unknown][] = [
    // The floor: what any body of the maximum size costs before the service looks at it.
    ['floor: JSON.parse and JSON.stringify of the largest user body', largeUserText.length, () => JSON.stringify(JSON.parse(largeUserText))],
    ['floor: JSON.parse and JSON.stringify of the Bulk body below', bulkText.length, () => JSON.stringify(JSON.parse(bulkText))],
    ['create: largest user body', largeUserText.length, () => respond(validator.validate('User', 'create', normalize('User', 'create', readBody(largeUserText))))],
    ['floor: JSON.parse of the nested body below', deepText.length, () => JSON.parse(deepText)],
    ['create: nesting at the depth cap, as many arrays as the node cap allows', deepText.length, () => validator.validate('User', 'create', normalize('User', 'create', readBody(deepText)))],
    ['Bulk: max body, nesting at the depth cap (refused before parsing)', deepBulkText.length, () => parseBulkRequest(readBody(deepBulkText, true), BULK_LIMITS)],
    ['create: group with the most members a body holds', groupText.length, () => validator.validate('Group', 'create', normalize('Group', 'create', readBody(groupText)))],
    [
      'PATCH: member adds filling the body (members become set operations in SQL)',
      memberAddsText.length,
      () => {
        const operations = parsePatchRequest(normalize('Group', 'patch', readBody(memberAddsText)));
        return applyPatch(registry, 'Group', storedGroup, operations, { createOnNoMatch: true }).memberChanges;
      },
    ],
    ['PATCH: max operations, adds with large values, large user', addsText.length, patchWork(stored, addsText)],
    ['PATCH: max operations, value-filtered replaces, large user', filteredText.length, patchWork(stored, filteredText)],
    [`PATCH: max operations, value-filtered replaces, user with ${budgetEmails} emails (the scan budget)`, budgetText.length, patchWork(budgetUser, budgetText)],
    ['PATCH: max operations, pathless replaces filling the body', pathlessText.length, patchWork(stored, pathlessText)],
    ['filter: longest (length and clause caps)', longestFilter.length, filterWork(longestFilter)],
    ['filter: clause and nesting caps', deepFilter.length, filterWork(deepFilter)],
    ['Bulk: max operations, parse the request', bulkText.length, () => parseBulkRequest(readBody(bulkText, true), BULK_LIMITS)],
    [
      'Bulk: validate one slice of user creates (the batch yields between slices)',
      bulkText.length,
      () => {
        for (const operation of bulkOperations.slice(0, VALIDATION_SLICE)) {
          userKeyColumns(validator.validate('User', 'create', normalize('User', 'create', operation.data)));
        }
      },
    ],
    [
      'search: attributes/excludedAttributes filling the body',
      searchText.length,
      () => {
        const params = listParamsFromSearchBody(normalize('User', 'search', readBody(searchText)), { defaultPageSize: 100, maxPageSize: 1000 });
        const projection = projector.parse('User', params.projection);
        return projector.project('User', stored, projection);
      },
    ],
    ['sortBy: longest', sortBy.length, () => sortExpression(registry, 'User', sortBy)],
  ];
  console.log('| input kind | size (chars) | outcome | max event-loop delay (ms) | longest run (ms) | median run (ms) |');
  console.log('|---|---:|---|---:|---:|---:|');
  // `node … event-loop-delay.ts PATCH` runs only the kinds whose name contains "PATCH".
  const only = process.argv[2];
  for (const [name, size, work] of kinds.filter(([kind]) => only === undefined || kind.includes(only))) {
    const result = outcome(work)();
    const delay = await measureLoopDelay(outcome(work));
    console.log(`| ${name} | ${size} | ${result} | ${delay.maxDelayMs.toFixed(1)} | ${delay.maxRunMs.toFixed(1)} | ${delay.medianRunMs.toFixed(1)} |`);
  }
}

await main();
