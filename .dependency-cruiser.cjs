/**
 * Import boundaries, checked by `npm run boundaries` (part of `npm test`):
 * - no import cycles;
 * - a feature's lib/ is pure: it imports only lib/ code, models/registry.ts and libraries that do
 *   no rendering, state or messaging (no React, zustand, comlink, deck.gl);
 * - only the composition roots (src/app, src/cli, src/api.ts) import another feature's
 *   orchestration or UI; features share src/shared, src/state and each other's lib/;
 * - nothing the browser runs imports the Node-only model-building code (models/build).
 * Imports that broke a rule when the rules were introduced are listed in
 * .dependency-cruiser-known-violations.json: they may stay until fixed, and no new one may join.
 */
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    { name: 'no-cycles', severity: 'error', from: {}, to: { circular: true } },
    {
      name: 'lib-is-pure',
      comment: 'A lib/ module is pure: no project code outside lib/ (and the model registry), no UI, state or worker messaging.',
      severity: 'error',
      from: { path: '^src/[^/]+/lib/' },
      to: {
        pathNot: ['^src/[^/]+/lib/', '^models/registry\\.ts$', '^node_modules/', '^models/graphPaths\\.ts$'],
        dependencyTypesNot: ['core', 'type-only'],
      },
    },
    {
      name: 'lib-no-ui-or-state-libraries',
      severity: 'error',
      from: { path: '^src/[^/]+/lib/' },
      to: { path: '^node_modules/(react|react-dom|zustand|comlink|@deck\\.gl)/' },
    },
    {
      name: 'features-meet-only-in-the-composition-root',
      comment: "Only src/app, src/cli and src/api.ts import another feature's orchestration or UI.",
      severity: 'error',
      from: { path: '^src/([^/]+)/', pathNot: '^src/(app|cli|shared|state)/' },
      to: { path: '^src/([^/]+)/', pathNot: ['^src/($1|shared|state)/', '^src/[^/]+/lib/'] },
    },
    {
      name: 'no-build-code-at-run-time',
      severity: 'error',
      from: { path: '^(src|workers)/' },
      to: { path: '^models/build/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(dist|dist-.*|public|test-results.*)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default', 'types'] },
  },
};
