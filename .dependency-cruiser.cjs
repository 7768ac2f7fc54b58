/**
 * Cycles between files, checked on the whole import graph (`npm run lint:deps`, part of `npm test`),
 * and the renderer's feature boundaries: a feature's index.ts lists its panels for the app's
 * registry, its public.ts is all another feature may import.
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
    {
      name: 'renderer-feature-public-only',
      severity: 'error',
      comment:
        "A renderer feature uses another feature only through its public.ts (stores, hooks, embeddable pieces). Its index.ts lists panels for the app's registry, and reaching into its files ties the two features' insides together.",
      from: { path: '^src-renderer/src/features/([^/]+)/' },
      to: { path: '^src-renderer/src/features/[^/]+/', pathNot: ['^src-renderer/src/features/$1/', '^src-renderer/src/features/[^/]+/public[.]ts$'] },
    },
    {
      name: 'renderer-app-feature-entries',
      severity: 'error',
      comment: "The app shell sees a feature through its index.ts (the panels it registers) and its public.ts, never its files.",
      from: { path: '^src-renderer/src/app/' },
      to: { path: '^src-renderer/src/features/[^/]+/', pathNot: '^src-renderer/src/features/[^/]+/(index|public)[.]ts$' },
    },
    {
      name: 'renderer-shared-below-features',
      severity: 'error',
      comment: 'ui/ and transport/ serve every feature; importing a feature or the app shell from them turns the layering upside down.',
      from: { path: '^src-renderer/src/(ui|transport)/' },
      to: { path: '^src-renderer/src/(app|features)/' },
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
