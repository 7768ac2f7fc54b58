import { useState } from 'react';
import { useNow } from '../ui/hooks/useNow';
import { alertText, useAlerts } from '../features/alerts/public';
import './toasts.css';

const SHOW_MS = 6_000;

/** The newest alerts float in a corner for a few seconds; the Alerts panel keeps them all. */
export function Toasts() {
  const alerts = useAlerts((s) => s.alerts);
  // What the history already held at load (a reload) is not news again.
  const loadedUpTo = useAlerts((s) => s.loadedUpTo);
  const now = useNow(1_000);
  const [dismissed, setDismissed] = useState<ReadonlySet<number>>(new Set());
  const visible = alerts.slice(0, 3).filter((a) => now - a.ts < SHOW_MS && !dismissed.has(a.id) && a.id > loadedUpTo);

  return (
    <div className="toasts" role="status" aria-live="polite">
      {visible.map((a) => (
        <button key={a.id} type="button" className={`toast alert-${a.kind}`} data-testid="toast" onClick={() => setDismissed((d) => new Set(d).add(a.id))}>
          {alertText(a)}
        </button>
      ))}
    </div>
  );
}
