import i18next from 'i18next';
import { describe, expect, it } from 'vitest';
import { shippedLocales } from './locale-files';
import { cachedT } from '../../src-renderer/src/ui/i18n/fast-t';
import { phrase } from '../../src-renderer/src/ui/i18n/phrase';

describe('a phrase translated once', () => {
  const { en, ar } = shippedLocales();

  it.each(['en', 'ar'])('reads exactly as a full translation with the value, in %s', async (lng) => {
    const i18n = i18next.createInstance();
    await i18n.init({ resources: { en: { translation: en }, ar: { translation: ar } }, lng, interpolation: { escapeValue: false } });
    for (const key of ['ladder.buyAt', 'ladder.sellAt', 'ladder.cancelOwn']) {
      const quick = phrase(i18n.t, key, 'price');
      expect(quick('-12.50')).toBe(i18n.t(key, { price: '-12.50' }));
      expect(quick('-12.50')).toContain('-12.50');
    }
  });

  it('serves plain strings from its cache and still fills in values, in each language', async () => {
    const i18n = i18next.createInstance();
    await i18n.init({ resources: { en: { translation: en }, ar: { translation: ar } }, lng: 'en', interpolation: { escapeValue: false } });
    const english = cachedT(i18n.t);
    expect(english('ladder.own')).toBe(i18n.t('ladder.own'));
    expect(english('table.rows', { shown: 3, total: 9 })).toBe(i18n.t('table.rows', { shown: 3, total: 9 }));
    await i18n.changeLanguage('ar');
    const arabic = cachedT(i18n.t);
    expect(arabic('ladder.own')).toBe(i18n.t('ladder.own'));
    expect(arabic('ladder.own')).not.toBe(english('ladder.own'));
  });
});
