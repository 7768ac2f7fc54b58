type Tree = Record<string, unknown>;

function isTree(value: unknown): value is Tree {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Adds `source` into `target`; a string (or a string and a group) defined at the same key twice is refused. */
function mergeInto(target: Tree, source: Tree, at: string, path: string): void {
  for (const [key, value] of Object.entries(source)) {
    const name = at ? `${at}.${key}` : key;
    const existing = target[key];
    if (existing === undefined && isTree(value)) {
      // A copy, so a later file adding to this group never changes the imported JSON module.
      const group: Tree = {};
      mergeInto(group, value, name, path);
      target[key] = group;
    } else if (existing === undefined) target[key] = value;
    else if (isTree(existing) && isTree(value)) mergeInto(existing, value, name, path);
    else throw new Error(`Locale key "${name}" is defined twice (second time in ${path}).`);
  }
}

/**
 * Folds every locale file into one resource tree per language. A file's language is its base name
 * (`app/en.json`, `devices/ar.json`). Files may share a group (each domain adds its panels' titles
 * under `panels`), but two files defining the same string is a mistake we refuse loudly rather than
 * let one silently win.
 */
export function mergeLocaleFiles<L extends string>(files: Record<string, Tree>, languages: readonly L[]): Record<L, Tree> {
  const merged = Object.fromEntries(languages.map((l) => [l, {} as Tree])) as Record<L, Tree>;
  for (const [path, tree] of Object.entries(files)) {
    const language = path.split('/').pop()?.replace(/\.json$/, '') as L;
    const target: Tree | undefined = merged[language];
    if (!target) continue;
    mergeInto(target, tree, '', path);
  }
  return merged;
}
