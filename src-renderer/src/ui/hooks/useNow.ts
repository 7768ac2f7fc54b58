import { useEffect, useState } from 'react';
import { coreNow } from '../../transport/core-clock';

/** The core's clock (see transport/core-clock) as React state, so screens that depend on time (gate closures) re-render on it. */
export function useNow(intervalMs = 1_000): number {
  const [now, setNow] = useState(() => coreNow());
  useEffect(() => {
    const timer = setInterval(() => setNow(coreNow()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}
