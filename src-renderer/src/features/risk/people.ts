import { useEffect, useState } from 'react';
import type { RiskPersonView } from '../../../../src-shared/contract/risk';
import { call } from '../../transport/client';

/** The accounts a risk manager picks from (by name, never by number); empty for other roles. */
export function usePeople(enabled: boolean): RiskPersonView[] {
  const [people, setPeople] = useState<RiskPersonView[]>([]);
  useEffect(() => {
    if (!enabled) return;
    call('risk.people.list', {}).then(setPeople, () => setPeople([]));
  }, [enabled]);
  return people;
}

/** Portfolios named in the people list, sorted. */
export function portfoliosOf(people: readonly RiskPersonView[]): string[] {
  return [...new Set(people.flatMap((p) => (p.portfolio === null ? [] : [p.portfolio])))].sort();
}
