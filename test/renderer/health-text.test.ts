import { describe, expect, it } from 'vitest';
import { callErrorText } from '../../src-renderer/src/ui/errors/error-text';
import { auditChainText, byteSize, duration, integrityText, linkStateText, linkTone } from '../../src-renderer/src/features/health/format';
import { AUDIT_FAULTS } from '../../src-shared/contract/audit';
import type { ChainLinkState, IntegrityView, LinkState } from '../../src-shared/contract/health';
import { LANGUAGE_CODES } from '../../src-renderer/src/ui/i18n/languages';
import { translator } from './locale-files';

const LINK_STATES: ReadonlyArray<LinkState | ChainLinkState> = ['off', 'connected', 'disconnected', 'unset', 'reachable', 'unreachable'];
/** 4 Dec 2026, 17:58:46 UTC: 18:58:46 on the desk's (Central European) clock. */
const AT = Date.UTC(2026, 11, 4, 17, 58, 46);
const isolated = (text: string) => `\u2068${text}\u2069`;

const integrity = (over: Partial<IntegrityView>): IntegrityView => ({ ok: true, checkedAt: AT, durationMs: 120, problems: 0, foreignKeyProblems: 0, ...over });

describe('byte sizes', () => {
  it('read in the largest decimal unit that keeps the figure at 1 or more, to one decimal', () => {
    expect(byteSize(512, 'en')).toBe('512 bytes');
    expect(byteSize(0, 'en')).toBe('0 bytes');
    expect(byteSize(1_500, 'en')).toBe('1.5 kB');
    expect(byteSize(12_345_678, 'en')).toBe('12.3 MB');
    expect(byteSize(2_000_000_000, 'en')).toBe('2 GB');
  });

  it('go up a unit when rounding would show 1,000 of the smaller one', () => {
    expect(byteSize(999_960, 'en')).toBe('1 MB');
  });

  it("use the language's decimal sign and unit names, with Latin digits in Arabic", () => {
    expect(byteSize(1_500_000, 'fr')).toMatch(/^1,5\s?Mo$/);
    expect(byteSize(1_500_000, 'de')).toMatch(/^1,5\sMB$/);
    expect(byteSize(1_500_000, 'ar')).toMatch(/^1\.5\s/);
    expect(byteSize(1_500_000, 'ar')).not.toContain('MB');
  });
});

describe('durations', () => {
  it('say milliseconds under a second, seconds under a minute, then minutes and seconds', () => {
    expect(duration(350, 'en')).toBe('350 ms');
    expect(duration(4_240, 'en')).toBe('4.2 secs');
    expect(duration(125_000, 'en')).toBe('2 mins 5 secs');
    expect(duration(120_000, 'en')).toBe('2 mins');
    expect(duration(4_240, 'fr')).toMatch(/^4,2\s?s$/);
  });
});

describe('link states', () => {
  it('colour a working link ok, a failing one bad and one not set up idle', () => {
    expect(['connected', 'reachable'].map((s) => linkTone(s as LinkState | ChainLinkState))).toEqual(['ok', 'ok']);
    expect(['disconnected', 'unreachable'].map((s) => linkTone(s as LinkState | ChainLinkState))).toEqual(['bad', 'bad']);
    expect(['off', 'unset'].map((s) => linkTone(s as LinkState | ChainLinkState))).toEqual(['idle', 'idle']);
  });

  it('are worded in every language, each state differently', async () => {
    for (const lng of LANGUAGE_CODES) {
      const t = await translator(lng);
      const words = LINK_STATES.map((state) => linkStateText(state, t));
      expect([lng, words.filter((w) => w.startsWith('health.'))]).toEqual([lng, []]);
      expect([lng, new Set(words).size]).toEqual([lng, LINK_STATES.length]);
    }
  });
});

describe('integrity results', () => {
  it('say no problems when the check was clean', async () => {
    expect(integrityText(integrity({}), await translator('en'))).toBe('No problems found.');
  });

  it("count SQLite's problems and the broken references apart, in the singular and plural", async () => {
    const t = await translator('en');
    expect(integrityText(integrity({ ok: false, problems: 1 }), t)).toBe('SQLite found 1 problem in the database file.');
    expect(integrityText(integrity({ ok: false, problems: 3, foreignKeyProblems: 2 }), t)).toBe('SQLite found 3 problems in the database file. 2 rows refer to rows that do not exist.');
  });

  it('use the Arabic dual for two problems', async () => {
    expect(integrityText(integrity({ ok: false, problems: 2 }), await translator('ar'))).toBe('وجد SQLite مشكلتين في ملف قاعدة البيانات.');
  });
});

describe('the audit chain', () => {
  it('says it was not verified yet before a verify ran', async () => {
    expect(auditChainText(null, await translator('en'), 'en')).toBe('Not verified since the terminal started.');
  });

  it('says how far it is intact and when that was checked', async () => {
    const text = auditChainText({ ok: true, checkedAt: AT, checkedTo: 42, firstBad: null }, await translator('en'), 'en');
    expect(text).toBe(`Intact up to entry 42 (verified ${isolated('04 Dec, 18:58:46')}).`);
  });

  it('names the first bad entry and why, in words', async () => {
    const text = auditChainText({ ok: false, checkedAt: AT, checkedTo: 6, firstBad: { seq: 7, reason: 'edited' } }, await translator('en'), 'en');
    expect(text).toBe(`Broken at entry 7: the entry was changed after it was written (verified ${isolated('04 Dec, 18:58:46')}).`);
  });

  it('has words for every fault in every language, each fault differently', async () => {
    for (const lng of LANGUAGE_CODES) {
      const t = await translator(lng);
      const words = AUDIT_FAULTS.map((reason) => auditChainText({ ok: false, checkedAt: AT, checkedTo: 1, firstBad: { seq: 2, reason } }, t, lng));
      expect([lng, words.filter((w) => w.includes('health.'))]).toEqual([lng, []]);
      expect([lng, new Set(words).size]).toEqual([lng, AUDIT_FAULTS.length]);
    }
  });
});

describe('a job refused because one is running', () => {
  it('says which job is running and to wait, in every language, not the generic conflict', async () => {
    for (const lng of LANGUAGE_CODES) {
      const t = await translator(lng);
      const generic = t('errors.CONFLICT');
      for (const reason of ['INTEGRITY_RUNNING', 'BACKUP_RUNNING', 'BACKUP_SAME_SECOND']) {
        const text = callErrorText({ code: 'CONFLICT', message: 'This is already running; wait for it to finish.', reason }, t, lng);
        expect([lng, reason, text === generic || text === reason]).toEqual([lng, reason, false]);
      }
    }
  });

  it('reads in English as the check already running', async () => {
    const text = callErrorText({ code: 'CONFLICT', message: '', reason: 'INTEGRITY_RUNNING' }, await translator('en'), 'en');
    expect(text).toBe('An integrity check is already running. Wait for it to finish, then look at its result.');
  });
});
