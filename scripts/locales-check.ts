/**
 * npm run locales:check [-- fr de]: every locale folder against English, for every language the
 * terminal offers (or only those named). Exit 1 when anything is to do.
 */
import { join } from 'node:path';
import { LANGUAGE_CODES } from '../src-renderer/src/ui/i18n/languages';
import { checkLocales, formatProblems } from './locales/check';

const named = process.argv.slice(2);
const languages = named.length > 0 ? named : LANGUAGE_CODES;
const problems = checkLocales(join(import.meta.dirname, '../locales'), languages);
if (problems.length === 0) {
  console.log(`locales: every folder complete in ${languages.join(', ')}`);
} else {
  console.log(formatProblems(problems));
  console.log(`\nlocales: ${problems.length} problem(s) in ${new Set(problems.map((p) => `${p.folder}/${p.language}`)).size} file(s)`);
  process.exitCode = 1;
}
