import { describe, expect, it } from 'vitest';
import { MARKET_AREAS } from '../../src-shared/domain/market-areas';
import { shippedLocales } from './locale-files';

describe('market area names', () => {
  it('every market area is named in every language the renderer ships', () => {
    for (const strings of Object.values(shippedLocales())) {
      const names = (strings as { clock: { areas: Record<string, string> } }).clock.areas;
      expect(Object.keys(names).sort()).toEqual(Object.keys(MARKET_AREAS).sort());
    }
  });
});
