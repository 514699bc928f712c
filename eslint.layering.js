// The layering of docs/architecture.md, held by `npm run lint`: which top-level folders each
// folder may not import. lib/ is the bottom and imports nothing above it; the services (api,
// exporters, notifier, synthetics) import lib/ only; rules/ and dashboards-src/ import lib/ only
// and never each other (what they share, the vocabulary, is lib/monitoring/); tests/ is imported
// by tests only, and nothing that ships imports tests/, bench/ or scripts/.
// One restriction list per file: ESLint keeps only the last `no-restricted-imports` that matches
// a file, so the exceptions below repeat their folder's list minus the one folder they still import.

const services = ['api', 'exporters', 'notifier', 'synthetics'];
const generators = ['rules', 'dashboards-src'];
const tooling = ['scripts', 'tests', 'bench'];

/** Why each layer may import only what it may, as the lint message says it. */
const why = {
  lib: 'lib/ is the bottom layer and imports nothing above it',
  service: 'a service imports lib/ only (and never tests/, bench/ or scripts/)',
  generator:
    'rules and dashboards import lib/ only and never each other: what they share lives in lib/monitoring/',
  tooling:
    'only tests import tests/, and nothing imports bench/: shared machinery belongs in a module named for it',
};

/** `no-restricted-imports` forbidding relative imports from `layer` that reach into these top-level folders. */
const forbid = (layer, folders) => [
  'error',
  {
    patterns: folders.map((folder) => ({
      regex: `^(\\.\\./)+${folder}/`,
      message: `${layer}/ must not import ${folder}/: ${why[kind(layer)]} (eslint.layering.js, docs/architecture.md).`,
    })),
  },
];

const kind = (layer) =>
  layer === 'lib'
    ? 'lib'
    : services.includes(layer)
      ? 'service'
      : generators.includes(layer)
        ? 'generator'
        : 'tooling';

const without = (list, ...drop) => list.filter((folder) => !drop.includes(folder));

const layers = {
  lib: ['lib/**'],
  ...Object.fromEntries(services.map((s) => [s, [`${s}/**`]])),
  rules: ['rules/**'],
  'dashboards-src': ['dashboards-src/**'],
  scripts: ['scripts/**'],
  bench: ['bench/**'],
};

const forbidden = {
  lib: [...services, ...generators, ...tooling, 'stack'],
  ...Object.fromEntries(services.map((s) => [s, [...without(services, s), ...generators, ...tooling]])),
  rules: [...services, 'dashboards-src', ...tooling],
  'dashboards-src': [...services, 'rules', ...tooling],
  scripts: ['tests', 'bench'],
  bench: ['tests'],
};

/**
 * Known exceptions (no silent ignore: each file named, with the step of issue 22 that removes it).
 * Step 2 moves the drills and the stack check's dashboard coverage out of tests/ into modules
 * named for what they are; then these files import those modules and this list goes.
 */
const exceptions = [
  { files: ['bench/drills/main.ts', 'bench/swarm-drills/main.ts'], layer: 'bench', stillImports: 'tests' },
  { files: ['scripts/stack-check/check.ts'], layer: 'scripts', stillImports: 'tests' },
  // Not removed by any step: a test of the API's probe role driving the real synthetics journeys
  // (tests exercise two services together; the services' own code never does).
  { files: ['api/probe-role.test.ts'], layer: 'api', stillImports: 'synthetics' },
];

export const layering = [
  ...Object.entries(layers).map(([layer, files]) => ({
    files,
    rules: { 'no-restricted-imports': forbid(layer, forbidden[layer]) },
  })),
  ...exceptions.map(({ files, layer, stillImports }) => ({
    files,
    rules: { 'no-restricted-imports': forbid(layer, without(forbidden[layer], stillImports)) },
  })),
  {
    // Every `for:` of an alert comes from lib/monitoring/thresholds.ts, with its reason.
    files: ['rules/*.ts'],
    ignores: ['rules/*.test.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: 'Property[key.name="for"][value.type="Literal"]',
          message:
            "An alert's `for:` comes from lib/monitoring/thresholds.ts (with the requirement it meets).",
        },
      ],
    },
  },
];
