// The layering of docs/architecture.md, held by `npm run lint`: which top-level folders each
// folder may not import. lib/ is the bottom and imports nothing above it; the services (api,
// exporters, notifier, synthetics) import lib/ only; the generators (rules/, dashboards-src/,
// scrape/) import lib/ only and never each other (what they share, the vocabulary, is
// lib/monitoring/); the machinery that runs PortTrack on this machine (local-platform/,
// local-swarm/, drills/) imports those and never tests/, bench/ or scripts/; tests/ is imported
// by tests only, and nothing that ships imports tests/, bench/ or scripts/. plan/ (`npm run
// plan`) is a tool like scripts/: it reads generated output and imports nothing of the project
// but lib/ (its tests use the generators), and nothing that ships imports it.
// One restriction list per file: ESLint keeps only the last `no-restricted-imports` that matches
// a file, so the exceptions below repeat their folder's list minus the one folder they still import.

const services = ['api', 'exporters', 'notifier', 'synthetics'];
const generators = ['rules', 'dashboards-src', 'scrape'];
/** What runs PortTrack on this machine for `npm start`, the tests, the benches and the drills. */
const harness = ['local-platform', 'local-swarm', 'drills'];
const tooling = ['scripts', 'tests', 'bench', 'plan'];

/** Why each layer may import only what it may, as the lint message says it. */
const why = {
  lib: 'lib/ is the bottom layer and imports nothing above it',
  service: 'a service imports lib/ only (and never tests/, bench/ or scripts/)',
  generator:
    'rules, dashboards and the scrape configuration import lib/ only and never each other: what they share lives in lib/monitoring/',
  harness:
    'the local platform, the local Swarm and the drills import lib/, the services and the generators, never tests/, bench/ or scripts/ (the drills build on the other two, not the reverse)',
  tooling:
    'only tests import tests/, and nothing imports bench/ or plan/: shared machinery belongs in a module named for it',
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
        : harness.includes(layer)
          ? 'harness'
          : 'tooling';

const without = (list, ...drop) => list.filter((folder) => !drop.includes(folder));

const layers = {
  lib: ['lib/**'],
  ...Object.fromEntries(services.map((s) => [s, [`${s}/**`]])),
  ...Object.fromEntries([...generators, ...harness].map((g) => [g, [`${g}/**`]])),
  scripts: ['scripts/**'],
  bench: ['bench/**'],
  plan: ['plan/**'],
};

const forbidden = {
  lib: [...services, ...generators, ...harness, ...tooling, 'stack'],
  ...Object.fromEntries(
    services.map((s) => [s, [...without(services, s), ...generators, ...harness, ...tooling]]),
  ),
  ...Object.fromEntries(
    generators.map((g) => [g, [...services, ...without(generators, g), ...harness, ...tooling]]),
  ),
  'local-platform': ['local-swarm', 'drills', ...tooling],
  'local-swarm': ['local-platform', 'drills', ...tooling],
  drills: tooling,
  scripts: ['tests', 'bench', 'plan'],
  bench: ['tests', 'plan'],
  // The plan reads what the generators wrote; it runs them only as a child process (snapshot.ts).
  plan: [...services, ...generators, ...harness, 'tests', 'bench', 'scripts'],
};

/** Known exceptions (no silent ignore: each file named, with why it may). */
const exceptions = [
  // A test of the API's probe role driving the real synthetics journeys (tests exercise two
  // services together; the services' own code never does).
  { files: ['api/probe-role.test.ts'], layer: 'api', stillImports: 'synthetics' },
];

/** plan/'s tests render the project's own routing and rules to check the plan against amtool. */
const planTests = {
  files: ['plan/**/*.test.ts'],
  rules: { 'no-restricted-imports': forbid('plan', without(forbidden.plan, 'rules')) },
};

export const layering = [
  ...Object.entries(layers).map(([layer, files]) => ({
    files,
    rules: { 'no-restricted-imports': forbid(layer, forbidden[layer]) },
  })),
  ...exceptions.map(({ files, layer, stillImports }) => ({
    files,
    rules: { 'no-restricted-imports': forbid(layer, without(forbidden[layer], stillImports)) },
  })),
  planTests,
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
