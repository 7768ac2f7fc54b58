import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Walks every locale folder (locales/<domain>/<language>.json) against its English file and lists
 * what a translator has to act on: keys missing (with the English text to translate), keys English
 * no longer has, empty strings, and {{variables}} that differ from English. Plural forms count as
 * one key: English "count" may be translated as "count_one" / "count_other" (and the other forms
 * the language's plural rules need), as i18next looks them up by the language's Intl.PluralRules.
 */

export type ProblemKind = 'missing-file' | 'unreadable' | 'missing' | 'extra' | 'empty' | 'variables' | 'plural-forms';

export interface Problem {
  folder: string;
  language: string;
  kind: ProblemKind;
  /** The key as English has it (a plural group by its base name); empty for a file-level problem. */
  key: string;
  /** What to act on: the English text for a missing key, the differing variables, the forms needed. */
  detail: string;
}

type Strings = Map<string, string>;

const PLURAL_SUFFIX = /_(zero|one|two|few|many|other)$/;

function flatten(tree: unknown, prefix: string, out: Strings): Strings {
  if (typeof tree === 'object' && tree !== null && !Array.isArray(tree)) {
    for (const [k, v] of Object.entries(tree)) flatten(v, prefix ? `${prefix}.${k}` : k, out);
  } else out.set(prefix, typeof tree === 'string' ? tree : JSON.stringify(tree));
  return out;
}

/** Keys grouped by their base name: "n_one", "n_other" are forms of "n"; a plain key is its own only form (''). */
function groups(strings: Strings): Map<string, Map<string, string>> {
  const out = new Map<string, Map<string, string>>();
  for (const [key, text] of strings) {
    const plural = PLURAL_SUFFIX.exec(key);
    const base = plural ? key.slice(0, plural.index) : key;
    const form = plural?.[1] ?? '';
    // "a_b" where "a" is not a plural group elsewhere is still a key of its own, e.g. "cancel_one".
    const group = out.get(base) ?? new Map<string, string>();
    group.set(form, text);
    out.set(base, group);
  }
  return out;
}

export function variablesOf(text: string): string[] {
  const names = new Set<string>();
  for (const match of text.matchAll(/\{\{\s*([^},\s]+)[^}]*\}\}/g)) names.add(match[1] ?? '');
  return [...names].sort();
}

const same = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x, i) => x === b[i]);

function compare(folder: string, language: string, english: Strings, target: Strings): Problem[] {
  const problems: Problem[] = [];
  const add = (kind: ProblemKind, key: string, detail: string) => problems.push({ folder, language, kind, key, detail });
  const source = groups(english);
  const translated = groups(target);
  const needed = new Intl.PluralRules(language).resolvedOptions().pluralCategories as readonly string[];

  for (const [base, forms] of source) {
    const found = translated.get(base);
    const reference = forms.get('other') ?? forms.get('') ?? [...forms.values()][0] ?? '';
    if (!found) {
      add('missing', base, reference);
      continue;
    }
    const wanted = variablesOf(reference);
    const plural = !found.has('') || found.size > 1;
    if (plural) {
      const lacking = needed.filter((form) => !found.has(form));
      if (lacking.length > 0 && !found.has('')) add('plural-forms', base, `needs ${lacking.map((f) => `${base}_${f}`).join(', ')}`);
    }
    for (const [form, text] of found) {
      const key = form ? `${base}_${form}` : base;
      if (text.trim() === '') {
        add('empty', key, reference);
        continue;
      }
      // A singular form may say "one order" in words instead of "{{count}}".
      const have = variablesOf(text);
      const expected = form && form !== 'other' && !have.includes('count') ? wanted.filter((v) => v !== 'count') : wanted;
      if (!same(have, expected)) add('variables', key, `English has ${expected.map((v) => `{{${v}}}`).join(' ') || 'none'}, this has ${have.map((v) => `{{${v}}}`).join(' ') || 'none'}`);
    }
  }
  for (const [base, forms] of translated) {
    if (source.has(base)) continue;
    for (const form of forms.keys()) add('extra', form ? `${base}_${form}` : base, '');
  }
  for (const [key, text] of english) if (text.trim() === '') add('empty', key, '(English is empty)');
  return problems;
}

function read(path: string): Strings | Error {
  try {
    return flatten(JSON.parse(readFileSync(path, 'utf8')), '', new Map());
  } catch (error) {
    return error instanceof Error ? error : new Error(String(error));
  }
}

/** Every problem of every folder under `root` for the given languages (English is the reference, checked for empty strings). */
export function checkLocales(root: string, languages: readonly string[]): Problem[] {
  const problems: Problem[] = [];
  const folders = readdirSync(root, { withFileTypes: true }).filter((f) => f.isDirectory()).map((f) => f.name).sort();
  for (const folder of folders) {
    const english = read(join(root, folder, 'en.json'));
    if (english instanceof Error) {
      problems.push({ folder, language: 'en', kind: existsSync(join(root, folder, 'en.json')) ? 'unreadable' : 'missing-file', key: '', detail: english.message });
      continue;
    }
    for (const language of languages) {
      const path = join(root, folder, `${language}.json`);
      if (language === 'en') {
        for (const [key, text] of english) if (text.trim() === '') problems.push({ folder, language, kind: 'empty', key, detail: '' });
        continue;
      }
      if (!existsSync(path)) {
        problems.push({ folder, language, kind: 'missing-file', key: '', detail: `${english.size} strings to translate` });
        continue;
      }
      const target = read(path);
      if (target instanceof Error) problems.push({ folder, language, kind: 'unreadable', key: '', detail: target.message });
      else problems.push(...compare(folder, language, english, target).filter((p) => !(p.kind === 'empty' && p.detail === '(English is empty)')));
    }
  }
  return problems;
}

const LABEL: Record<ProblemKind, string> = {
  'missing-file': 'file missing',
  unreadable: 'file unreadable',
  missing: 'missing',
  extra: 'extra (not in English)',
  empty: 'empty',
  variables: 'variables differ',
  'plural-forms': 'plural forms missing',
};

/** The report a person fills the gaps from: grouped by file, each key with the English text or what differs. */
export function formatProblems(problems: readonly Problem[]): string {
  const byFile = new Map<string, Problem[]>();
  for (const p of problems) {
    const file = `locales/${p.folder}/${p.language}.json`;
    byFile.set(file, [...(byFile.get(file) ?? []), p]);
  }
  const lines: string[] = [];
  for (const [file, list] of byFile) {
    lines.push(`${file} (${list.length})`);
    for (const p of list) lines.push(`  ${LABEL[p.kind]}${p.key ? `  ${p.key}` : ''}${p.detail ? `  ${JSON.stringify(p.detail)}` : ''}`);
  }
  return lines.join('\n');
}
