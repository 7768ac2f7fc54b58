import { localFigures } from './digits';

/** "12:04" or "1:02:03" until the gate closes; null once it has. */
export function countdown(gateClosure: number, now: number): string | null {
  const left = gateClosure - now;
  if (left <= 0) return null;
  const total = Math.ceil(left / 1_000);
  const h = Math.floor(total / 3_600);
  const m = Math.floor((total % 3_600) / 60);
  const s = total % 60;
  const mm = String(m).padStart(h > 0 ? 2 : 1, '0');
  return localFigures(h > 0 ? `${h}:${mm}:${String(s).padStart(2, '0')}` : `${mm}:${String(s).padStart(2, '0')}`);
}
