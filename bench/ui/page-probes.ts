import type { Page } from 'playwright-core';

/** Functions evaluated inside the page: measurements taken where the user sees them, not over CDP. */

export async function watchFrames(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as { __frames: { max: number; last: number; count: number; stop: boolean; long: Array<[number, number]>; start: number } };
    w.__frames = { max: 0, last: performance.now(), count: 0, stop: false, long: [], start: performance.now() };
    const loop = (t: number) => {
      const f = w.__frames;
      // Frames over 50 ms, with when they happened (ms into the soak) so a pattern can be seen.
      if (t - f.last > 50) f.long.push([Math.round(t - f.start), Math.round(t - f.last)]);
      f.max = Math.max(f.max, t - f.last);
      f.last = t;
      f.count++;
      if (!f.stop) requestAnimationFrame(loop);
    };
    // Long tasks tell main-thread work apart from frames lost to the machine (raster, other processes).
    const tasks: Array<[number, number]> = [];
    (w as unknown as { __tasks: typeof tasks }).__tasks = tasks;
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) tasks.push([Math.round(e.startTime - w.__frames.start), Math.round(e.duration)]);
    }).observe({ type: 'longtask', buffered: false });
    requestAnimationFrame((t) => {
      w.__frames.last = t;
      requestAnimationFrame(loop);
    });
  });
}

export async function stopFrames(page: Page): Promise<{ max: number; count: number; long: Array<[number, number]>; longTasks: Array<[number, number]> }> {
  return page.evaluate(() => {
    const w = window as unknown as { __frames: { max: number; count: number; stop: boolean; long: Array<[number, number]> }; __tasks: Array<[number, number]> };
    w.__frames.stop = true;
    return { max: w.__frames.max, count: w.__frames.count, long: w.__frames.long, longTasks: w.__tasks };
  });
}

/** Used JS heap after a full collection (Chromium started with --expose-gc and precise memory info). */
export async function heapMb(page: Page): Promise<number> {
  return page.evaluate(async () => {
    const w = window as unknown as { gc?: () => void };
    for (let i = 0; i < 3; i++) {
      w.gc?.();
      await new Promise((r) => setTimeout(r, 50));
    }
    const memory = (performance as unknown as { memory?: { usedJSHeapSize: number } }).memory;
    return (memory?.usedJSHeapSize ?? 0) / 1_048_576;
  });
}

/** Arms a probe: the next Enter keydown starts a clock that stops when the blotter's row count changes. */
export async function armOrderProbe(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as { __latencies: number[]; __enterAt: number | null };
    w.__latencies = [];
    w.__enterAt = null;
    document.addEventListener('keydown', (e) => {
      if (e.key === 'Enter') w.__enterAt = performance.now();
    }, true);
    const count = document.querySelector('[aria-label="Blotter"] [data-testid=row-count]');
    if (!count) throw new Error('The blotter is not on screen.');
    new MutationObserver(() => {
      if (w.__enterAt === null) return;
      w.__latencies.push(performance.now() - w.__enterAt);
      w.__enterAt = null;
    }).observe(count, { childList: true, characterData: true, subtree: true });
  });
}

export async function orderLatencies(page: Page): Promise<number[]> {
  return page.evaluate(() => (window as unknown as { __latencies: number[] }).__latencies);
}

/** Clicks the Orders tab of the blotter and waits, in the page, until its first rows are painted. */
export async function timeBlotterOpen(page: Page, expectedRows: number): Promise<number> {
  return page.evaluate(
    (expected) =>
      new Promise<number>((resolve, reject) => {
        const tab = document.querySelector<HTMLButtonElement>('button[name="tab-orders"]');
        if (!tab) return reject(new Error('no Orders tab'));
        const start = performance.now();
        tab.click();
        const check = () => {
          const table = document.querySelector('[aria-label="Blotter"]');
          const rows = table?.querySelectorAll('.table-body [role=row]').length ?? 0;
          const count = table?.querySelector('[data-testid=row-count]')?.textContent ?? '';
          if (rows > 0 && count.includes(String(expected))) {
            // The next frame is when the user sees it.
            requestAnimationFrame(() => resolve(performance.now() - start));
          } else if (performance.now() - start > 30_000) reject(new Error(`blotter did not open: ${count}`));
          else setTimeout(check, 1);
        };
        check();
      }),
    expectedRows,
  );
}
