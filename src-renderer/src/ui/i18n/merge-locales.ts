type Tree = Record<string, unknown>;

/**
 * Folds every locale file into one resource tree per language. A file's language is its base name
 * (`en.json`, `devices/ar.json`); two files defining the same top-level key is a mistake we refuse
 * loudly rather than let one silently win.
 */
export function mergeLocaleFiles<L extends string>(files: Record<string, Tree>, languages: readonly L[]): Record<L, Tree> {
  const merged = Object.fromEntries(languages.map((l) => [l, {} as Tree])) as Record<L, Tree>;
  for (const [path, tree] of Object.entries(files)) {
    const language = path.split('/').pop()?.replace(/\.json$/, '') as L;
    const target: Tree | undefined = merged[language];
    if (!target) continue;
    for (const [key, value] of Object.entries(tree)) {
      if (key in target) throw new Error(`Locale key "${key}" is defined twice (second time in ${path}).`);
      target[key] = value;
    }
  }
  return merged;
}
