import { useEffect } from 'react';
import { create } from 'zustand';
import type { RiskPersonView } from '../../../../src-shared/contract/risk';
import { call } from '../../transport/client';

/** One list for every picker, so a person added while a panel is open shows up in all of them. */
const usePeopleStore = create<{ people: RiskPersonView[] }>(() => ({ people: [] }));
const NOBODY: RiskPersonView[] = [];

/**
 * Fetches the accounts again. The pickers call it when they get the focus: accounts are added in
 * the Users panel while the risk panels stay open, and the core sends no event for it.
 */
export function refreshPeople(): void {
  call('risk.people.list', {}).then(
    (people) => usePeopleStore.setState({ people }),
    () => usePeopleStore.setState({ people: NOBODY }),
  );
}

/** The accounts a risk manager picks from (by name, never by number); empty for other roles. */
export function usePeople(enabled: boolean): RiskPersonView[] {
  useEffect(() => {
    if (enabled) refreshPeople();
  }, [enabled]);
  const people = usePeopleStore((s) => s.people);
  return enabled ? people : NOBODY;
}

/** Portfolios named in the people list, sorted. */
export function portfoliosOf(people: readonly RiskPersonView[]): string[] {
  return [...new Set(people.flatMap((p) => (p.portfolio === null ? [] : [p.portfolio])))].sort();
}
