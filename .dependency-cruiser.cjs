/**
 * The layering of DESIGN.md §2, checked by dependency-cruiser (test/architecture/layering.test.ts runs it over lib/).
 * Layers from the bottom up; a module may import its own folder and any layer below its own, never one beside or
 * above it. The order and the reasons for it are written down in docs/design-notes.md ("Layers").
 */
const LAYERS = [
  { name: 'scim', path: '^lib/scim/' },
  { name: 'logging', path: '^lib/(logging/|logger\\.ts$)' },
  { name: 'store', path: '^lib/store/' },
  { name: 'tenants', path: '^lib/tenants/' },
  { name: 'changes', path: '^lib/changes/' },
  { name: 'eventlog', path: '^lib/eventlog/' },
  { name: 'webhooks', path: '^lib/webhooks/' },
  { name: 'options', path: '^lib/(options|host-hooks)\\.ts$' },
  { name: 'provisioning', path: '^lib/provisioning/' },
  { name: 'directory-api', path: '^lib/directory-api/' },
  { name: 'http', path: '^lib/http/' },
  { name: 'admin', path: '^lib/admin/' },
  { name: 'directory', path: '^lib/directory\\.ts$' },
  { name: 'server', path: '^lib/server/' },
  { name: 'index', path: '^lib/index\\.ts$' },
];

/** Layers that sit side by side: neither may import the other. */
const PEERS = [
  ['tenants', 'changes', 'eventlog'],
  ['directory-api', 'http', 'admin'],
];

const rank = new Map();
LAYERS.forEach((layer, index) => rank.set(layer.name, index));
for (const group of PEERS) {
  const lowest = Math.min(...group.map((name) => rank.get(name)));
  for (const name of group) rank.set(name, lowest);
}

const layerRules = LAYERS.map((layer) => {
  const notBelow = LAYERS.filter((other) => other !== layer && rank.get(other.name) >= rank.get(layer.name));
  return {
    name: `layer-${layer.name}`,
    comment: `${layer.name} imports only itself and the layers below it`,
    severity: 'error',
    from: { path: layer.path },
    to: { path: notBelow.map((other) => other.path) },
  };
}).filter((rule) => rule.to.path.length > 0);

module.exports = {
  forbidden: [
    {
      name: 'scim-imports-only-scim-and-ajv',
      comment: 'scim/ is the protocol, pure: it imports only itself, ajv and I/O-free Node modules',
      severity: 'error',
      from: { path: '^lib/scim/' },
      to: { dependencyTypesNot: ['core'], pathNot: ['^lib/scim/', 'node_modules/(ajv|ajv-formats)/'] },
    },
    {
      name: 'scim-does-no-io',
      comment: 'scim/ is unit-tested without a database or network: no Node module that does I/O',
      severity: 'error',
      from: { path: '^lib/scim/' },
      to: { dependencyTypes: ['core'], path: '^(node:)?(fs|net|http|https|http2|child_process|dgram|dns|tls|cluster|worker_threads)(/|$)' },
    },
    ...layerRules,
    {
      name: 'no-cycles',
      comment: 'modules form no import cycle (type-only imports included)',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    tsPreCompilationDeps: true,
    doNotFollow: { path: 'node_modules' },
    tsConfig: { fileName: 'tsconfig.json' },
    exclude: { path: '^lib/.*\\.d\\.ts$' },
  },
};
