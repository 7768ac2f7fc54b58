/**
 * Cycles between files, checked on the whole import graph (`npm run lint:deps`, part of `npm test`).
 * The layers and domains themselves are checked import by import by ESLint (scripts/lint/layers.mjs);
 * a cycle needs the whole graph, which is what dependency-cruiser sees. Type-only edges are left
 * out: they vanish at compile time, and the engine's intrusive nodes (an order points at its level,
 * the level at its orders) are one such pair by design.
 */
module.exports = {
  forbidden: [
    {
      name: 'no-cycle',
      severity: 'error',
      comment: 'A runtime import cycle: split the shared piece out, or let the composition root wire the two.',
      from: {},
      to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(out|dist|node_modules)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.tsx', '.js', '.mjs', '.json'] },
  },
};
