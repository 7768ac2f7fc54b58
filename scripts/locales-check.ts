/**
 * npm run locales:check [-- fr de]: every locale folder against English, for the languages the
 * terminal offers plus the ones being translated (or only those named). Exit 1 when anything is to do.
 */
import { join } from 'node:path';
import { LANGUAGE_CODES } from '../src-renderer/src/ui/i18n/languages';
import { checkLocales, formatProblems } from './locales/check';

/** Languages with translations under way that the picker does not offer yet. */
const IN_PROGRESS = ['fr', 'es', 'de'];

const named = process.argv.slice(2);
const languages = named.length > 0 ? named : [...new Set([...LANGUAGE_CODES, ...IN_PROGRESS])];
const problems = checkLocales(join(import.meta.dirname, '../locales'), languages);
if (problems.length === 0) {
  console.log(`locales: every folder complete in ${languages.join(', ')}`);
} else {
  console.log(formatProblems(problems));
  console.log(`\nlocales: ${problems.length} problem(s) in ${new Set(problems.map((p) => `${p.folder}/${p.language}`)).size} file(s)`);
  process.exitCode = 1;
}
