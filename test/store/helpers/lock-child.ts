import { lockDataDir } from '../../../src-main/store/data-dir-lock';

/**
 * One contender for data folders' locks, as a terminal's start takes one. Round k: at the agreed
 * moment startAt + k × interval (slept to within 2 ms, then spun, so the contenders overlap to a
 * fraction of a millisecond) it tries once to lock `<base>/<k>`, holds a won lock for most of
 * the interval, past the other contender's attempt, and prints `k WON <attempted> <released>` or
 * `k BUSY <attempted> <error>`. Many rounds in one
 * process make many trials for one process start. With rounds = 0 it takes `<base>` and waits to
 * be killed, as a terminal that crashes holding its folder.
 */
const [base, startAt, rounds, interval] = process.argv.slice(2).map((arg, i) => (i === 0 ? arg : Number(arg))) as [string, number, number, number];
/** Wall-clock milliseconds with sub-millisecond precision, comparable between the two processes. */
const now = () => performance.timeOrigin + performance.now();
const sleeper = new Int32Array(new SharedArrayBuffer(4));
const until = (t: number) => {
  if (t - Date.now() > 2) Atomics.wait(sleeper, 0, 0, t - Date.now() - 2);
  while (Date.now() < t) {
    // Spin the last milliseconds: a timer would let the contenders drift apart.
  }
};

if (rounds === 0) {
  const lock = lockDataDir(base);
  console.log(`0 WON ${lock.staleOwner ?? 'none'}`);
  setInterval(() => {}, 1_000);
} else {
  for (let k = 0; k < rounds; k++) {
    const at = startAt + k * interval;
    until(at);
    const attempted = now();
    try {
      const lock = lockDataDir(`${base}/${k}`);
      until(at + interval * 0.8);
      const released = now();
      lock.release();
      console.log(`${k} WON ${attempted} ${released}`);
    } catch (err) {
      console.log(`${k} BUSY ${attempted} ${(err as Error).name}`);
    }
  }
}
