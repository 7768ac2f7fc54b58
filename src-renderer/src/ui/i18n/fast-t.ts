import type { TFunction } from 'i18next';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';

export type FastT = (key: string, options?: Record<string, unknown>) => string;

/**
 * `t` for panels that re-render many times a second while prices stream: a string without values is
 * looked up once per language and then served from a map. Each i18next lookup allocates, and those
 * lookups were a large share of the workspace's garbage.
 */
export function cachedT(t: TFunction): FastT {
  const cache = new Map<string, string>();
  return (key, options) => {
    if (options !== undefined) return t(key, options);
    let text = cache.get(key);
    if (text === undefined) {
      text = t(key);
      cache.set(key, text);
    }
    return text;
  };
}

export function useFastT(): { t: FastT; language: string } {
  const { t, i18n } = useTranslation();
  const fast = useMemo(() => cachedT(t), [t]);
  return { t: fast, language: i18n.language };
}
