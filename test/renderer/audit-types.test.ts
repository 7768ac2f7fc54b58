/**
 * The audit panel words an entry's type with `audit.types.<type, dots as underscores>` and shows the
 * raw code where a language has no words for it. This keeps every type the core can write worded in
 * every shipped language: it reads the core's sources for the places an entry is written, so a new
 * `log('x.y', …)` without words fails here rather than reaching an auditor as `x.y`.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { LANGUAGE_CODES } from '../../src-renderer/src/ui/i18n/languages';
import { everyShippedLocale } from './locale-files';

const SRC_MAIN = join(import.meta.dirname, '../../src-main');

/**
 * Where an entry's type is passed on, argument by argument:
 * - `log(type, facts)`: the commit's log function, and the engine projection's;
 * - `ctx.refused(type, facts)`: a domain's refusal;
 * - `recorder.refusal(now, { type, … })`: the router's refusals;
 * - `log.append(ts, actor, type, payload)` / `journal.append(…)` / `appendText(…)`: the event log itself.
 */
function typeArgument(call: ts.CallExpression): ts.Expression | undefined {
  const callee = call.expression;
  const [first, second, third] = call.arguments;
  if (ts.isIdentifier(callee)) return callee.text === 'log' ? first : undefined;
  if (!ts.isPropertyAccessExpression(callee)) return undefined;
  const method = callee.name.text;
  const receiver = ts.isPropertyAccessExpression(callee.expression) ? callee.expression.name.text : callee.expression.getText();
  if (method === 'refused' && receiver === 'ctx') return first;
  if (method === 'refusal' && second && ts.isObjectLiteralExpression(second)) {
    const property = second.properties.find((p) => p.name !== undefined && ts.isIdentifier(p.name) && p.name.text === 'type');
    if (property && ts.isPropertyAssignment(property)) return property.initializer;
    if (property && ts.isShorthandPropertyAssignment(property)) return property.name;
  }
  if ((method === 'append' && (receiver === 'log' || receiver === 'journal')) || method === 'appendText') return third;
  return undefined;
}

/** The types an argument can be when it is written out: a string, or a choice between strings. */
function literalTypes(node: ts.Expression): string[] | null {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return [node.text];
  if (ts.isParenthesizedExpression(node)) return literalTypes(node.expression);
  if (ts.isConditionalExpression(node)) {
    const whenTrue = literalTypes(node.whenTrue);
    const whenFalse = literalTypes(node.whenFalse);
    return whenTrue && whenFalse ? [...whenTrue, ...whenFalse] : null;
  }
  return null;
}

/**
 * The call sites whose type is computed, by file and argument as written, with every value it can
 * take (read from the code named in each comment). A site that only passes on a type written
 * elsewhere (and scanned there) lists nothing.
 */
const COMPUTED: ReadonlyArray<{ file: string; argument: string; types: readonly string[] }> = [
  // projectEvents' `case 'halted': case 'resumed': case 'killSwitch':`.
  { file: 'trading/projection.ts', argument: '`engine.${event.type}`', types: ['engine.halted', 'engine.resumed', 'engine.killSwitch'] },
  // ENGINE_COMMAND in the same file: the journaled engine commands.
  { file: 'trading/engine-journal.ts', argument: 'ENGINE_COMMAND', types: ['engine.cmd'] },
  // EngineJournal.append passes on its callers' types to appendText.
  { file: 'trading/engine-journal.ts', argument: 'type', types: [] },
  // The system's and another domain's writers pass on the projection's `log(…)` types.
  { file: 'trading/engine-host.ts', argument: 'type', types: [] },
  // walletChanged's callers: unlock and lock.
  { file: 'chain/index.ts', argument: 'type', types: ['chain.wallet.unlocked', 'chain.wallet.locked'] },
  // `status` is 'confirmed' or 'mined', by the receipt's depth.
  { file: 'chain/metered-service.ts', argument: '`chain.metered.${status}`', types: ['chain.metered.confirmed', 'chain.metered.mined'] },
  // settleOrRequeue's callers: a replaced and a reverted mint or burn.
  { file: 'chain/metered-service.ts', argument: 'type', types: ['chain.metered.replaced', 'chain.metered.failed'] },
  // `status` is 'confirmed' or 'mined', by the receipt's depth.
  { file: 'chain/settlement-service.ts', argument: '`chain.settlement.${status}`', types: ['chain.settlement.confirmed', 'chain.settlement.mined'] },
  // end()'s callers: CommandStatus without 'pending'.
  { file: 'devices/commands/commands.ts', argument: '`devices.command.${status}`', types: ['devices.command.acknowledged', 'devices.command.failed', 'devices.command.timed_out', 'devices.command.unsent'] },
  // The commit's log function passes on its callers' `log(…)` types.
  { file: 'api/recorder.ts', argument: 'type', types: [] },
  // ctx.refused passes on its callers' types to the recorder.
  { file: 'api/router.ts', argument: 'type', types: [] },
  // RefusalLog.write: the refusals' types, and REFUSALS_SUPPRESSED for a throttled source's summary.
  { file: 'api/refusals.ts', argument: 'type', types: ['audit.refusals_suppressed'] },
];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return name.endsWith('.ts') ? [path] : [];
  });
}

interface Scan {
  types: Set<string>;
  /** Computed call sites as `file: argument`. */
  computed: Set<string>;
}

function scanCore(): Scan {
  const scan: Scan = { types: new Set(), computed: new Set() };
  for (const path of sourceFiles(SRC_MAIN)) {
    const file = relative(SRC_MAIN, path);
    const source = ts.createSourceFile(path, readFileSync(path, 'utf8'), ts.ScriptTarget.Latest, true);
    const visit = (node: ts.Node): void => {
      const argument = ts.isCallExpression(node) ? typeArgument(node) : undefined;
      if (argument) {
        const literal = literalTypes(argument);
        if (literal) literal.forEach((type) => scan.types.add(type));
        else scan.computed.add(`${file}: ${argument.getText()}`);
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  for (const site of COMPUTED) site.types.forEach((type) => scan.types.add(type));
  return scan;
}

const scan = scanCore();

describe('audit entry types', () => {
  it('lists the values of every call site that computes its type, and only sites that exist', () => {
    const listed = new Set(COMPUTED.map((site) => `${site.file}: ${site.argument}`));
    expect({ unlisted: [...scan.computed].filter((site) => !listed.has(site)), gone: [...listed].filter((site) => !scan.computed.has(site)) }).toEqual({ unlisted: [], gone: [] });
  });

  it('has words for every type in every shipped language', () => {
    const locales = everyShippedLocale();
    const missing = LANGUAGE_CODES.flatMap((language) => {
      const words = ((locales[language]['audit'] as Record<string, unknown> | undefined)?.['types'] ?? {}) as Record<string, unknown>;
      return [...scan.types].filter((type) => {
        const text = words[type.replaceAll('.', '_')];
        return typeof text !== 'string' || text.trim() === '';
      }).map((type) => `${language}: ${type}`);
    });
    expect(missing).toEqual([]);
  });
});
