import { loadYear } from './forecast-data';
import { dailyPriceChanges } from '../src-main/risk/var/var-inputs';
import { scenarioPnl } from '../src-main/risk/var/historical-var';
import { varFromPnl } from '../src-main/risk/var/var-measures';
import { kupiecPof, christoffersenIndependence } from '../src-main/risk/var/var-backtest';
const h = loadYear();
const { changes } = dailyPriceChanges(h, 24, 'DE');
console.log('changes', changes.length);
const books: Record<string, number[]> = {
  base: new Array(24).fill(1000),
  peak: Array.from({ length: 24 }, (_, i) => (i >= 8 && i < 20 ? 1000 : 0)),
  spread: Array.from({ length: 24 }, (_, i) => (i === 18 ? 10000 : i === 3 ? -5000 : 0)),
  shortSolar: Array.from({ length: 24 }, (_, i) => (i >= 10 && i < 16 ? -1000 : 0)),
};
for (const [name, e] of Object.entries(books)) {
  const pnl = Array.from(scenarioPnl(e, changes));
  for (const method of ['hs', 'fhs']) {
    for (const c of [0.95, 0.99]) {
      const flags: boolean[] = [];
      for (let t = 100; t < pnl.length; t++) {
        const past = pnl.slice(Math.max(0, t - 250), t);
        let scen = past;
        if (method === 'fhs') {
          const lambda = 0.94;
          let v = past.slice(0, 20).reduce((a, b) => a + b * b, 0) / 20;
          const sig: number[] = [];
          for (const x of past) { sig.push(Math.sqrt(v)); v = lambda * v + (1 - lambda) * x * x; }
          const now = Math.sqrt(v);
          scen = past.map((x, i) => (x * now) / (sig[i] as number));
        }
        const v = varFromPnl(Float64Array.from(scen), [c])[0]!.var;
        flags.push(-pnl[t]! > v);
      }
      const k = kupiecPof(flags.length, flags.filter(Boolean).length, c);
      const ch = christoffersenIndependence(flags, c);
      console.log(name, method, c, `${k.exceptions}/${k.observations}`, 'kupiec p', k.pValue.toFixed(3), 'ind p', ch.pValue.toFixed(3));
    }
  }
}
