import { lockDataDir } from '../../../src-main/store/data-dir-lock';

/**
 * One contender for a data folder's lock, as a terminal's start takes it: waits for the agreed
 * start time (so the contenders of a trial really overlap), tries once, prints WON or BUSY, and
 * holds a won lock for the given time so the other contender's attempt falls inside it.
 * With `crash`, it takes the lock and waits to be killed.
 */
const [dir, startAt, holdMs, mode] = process.argv.slice(2);
if (!dir || !startAt || !holdMs) throw new Error('usage: lock-child <dir> <startAtMs> <holdMs> [crash]');
while (Date.now() < Number(startAt)) {
  // Spin rather than sleep: a timer would let the two contenders drift apart by milliseconds.
}
try {
  const lock = lockDataDir(dir);
  console.log(`WON ${lock.staleOwner ?? 'none'}`);
  if (mode !== 'crash') setTimeout(() => lock.release(), Number(holdMs));
  else setInterval(() => {}, 1_000);
} catch (err) {
  console.log(`BUSY ${(err as Error).name}`);
}
