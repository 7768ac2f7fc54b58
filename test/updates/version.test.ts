import { describe, expect, it } from 'vitest';
import { compareVersions, isSemver } from '../../src-main/updates/version';

describe('release versions', () => {
  it('orders by semver precedence: numbers as numbers, a pre-release before its release, build ignored', () => {
    const ordered = ['0.1.0', '0.2.0-alpha', '0.2.0-alpha.1', '0.2.0-alpha.beta', '0.2.0-beta.2', '0.2.0-beta.11', '0.2.0', '0.10.0', '1.0.0'];
    for (let i = 1; i < ordered.length; i++) expect(compareVersions(ordered[i]!, ordered[i - 1]!), `${ordered[i]} > ${ordered[i - 1]}`).toBe(1);
    expect(compareVersions('1.2.3+build.7', '1.2.3')).toBe(0);
  });

  it('takes only semantic versions', () => {
    expect(['1.2', 'v1.2.3', '01.2.3', '1.2.3-', ''].map(isSemver)).toEqual([false, false, false, false, false]);
    expect(isSemver('1.2.3-rc.1+linux')).toBe(true);
  });
});
