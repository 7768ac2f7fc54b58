import { useCallback, useState } from 'react';

/**
 * One action at a time from a form or toolbar: `busy` while it runs (to disable its buttons), and
 * the error it threw kept for the screen's ErrorBanner, cleared when the next action starts.
 */
export function useBusyAction(): {
  busy: boolean;
  error: unknown;
  setError(error: unknown): void;
  run(action: () => Promise<void>): Promise<void>;
} {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const run = useCallback(async (action: () => Promise<void>) => {
    setError(null);
    setBusy(true);
    try {
      await action();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }, []);
  return { busy, error, setError, run };
}
