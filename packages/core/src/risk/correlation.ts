/**
 * rollingCorrelation(x, y, window) – causal Pearson correlation of the last `window` pairs:
 * out[t] uses x[t−window+1..t] and y[...] only. NaN during warm-up, when a value in the window is
 * not finite, or when either side has zero variance (a constant window is detected exactly, not from the
 * running sums' round-off). Running sums, one pass.
 */
export function rollingCorrelation(x: Float64Array, y: Float64Array, window: number): Float64Array {
  if (x.length !== y.length) throw new Error(`x and y must have the same length; were ${x.length} and ${y.length}`);
  if (!(window >= 2)) throw new Error(`window must be ≥ 2; was ${window}`);
  const n = x.length;
  const out = new Float64Array(n).fill(Number.NaN);
  let sx = 0, sy = 0, sxx = 0, syy = 0, sxy = 0, bad = 0;
  // steps inside the window where x (y) changes value: 0 means a constant window, whose running-sum
  // variance is only round-off left by the values that slid out (it gave ρ = ±1.00 on flat strategy returns)
  let movesX = 0, movesY = 0;
  for (let t = 0; t < n; t++) {
    const a = x[t], b = y[t];
    if (Number.isFinite(a) && Number.isFinite(b)) { sx += a; sy += b; sxx += a * a; syy += b * b; sxy += a * b; } else bad++;
    if (t > 0) { if (x[t] !== x[t - 1]) movesX++; if (y[t] !== y[t - 1]) movesY++; }
    if (t >= window) {
      const c = x[t - window], d = y[t - window];
      if (Number.isFinite(c) && Number.isFinite(d)) { sx -= c; sy -= d; sxx -= c * c; syy -= d * d; sxy -= c * d; } else bad--;
      // the step from t−window to t−window+1 has left the window
      if (x[t - window + 1] !== c) movesX--;
      if (y[t - window + 1] !== d) movesY--;
    }
    if (t >= window - 1 && bad === 0 && movesX > 0 && movesY > 0) {
      const vx = sxx - (sx * sx) / window, vy = syy - (sy * sy) / window, cxy = sxy - (sx * sy) / window;
      if (vx > 1e-300 && vy > 1e-300) out[t] = Math.max(-1, Math.min(1, cxy / Math.sqrt(vx * vy)));
    }
  }
  return out;
}

export interface CorrelationAlert {
  ts: number;
  kind: 'asset_returns' | 'strategy_returns';
  a: string;
  b: string;
  rho: number;
}

/**
 * correlationAlerts(ts, series, window, threshold, kind, hysteresis = 0.1) – one alert each time the
 * rolling correlation of a pair rises above |ρ| > threshold: alerts mark changes. After an alert the pair
 * re-arms only once |ρ| has fallen to threshold − hysteresis or below, so ρ wobbling around the threshold
 * (0.81, 0.79, 0.81…) alerts once. A bar where ρ is unknown (warm-up, a flat window such as a strategy
 * out of the market) keeps the pair's last known state, so a correlation that stays high across flat
 * spells alerts once, not once per spell.
 */
export function correlationAlerts(ts: Float64Array, series: { name: string; values: Float64Array }[], window: number, threshold: number, kind: CorrelationAlert['kind'], hysteresis = 0.1): CorrelationAlert[] {
  const rearm = Math.max(0, threshold - hysteresis);
  const out: CorrelationAlert[] = [];
  for (let i = 0; i < series.length; i++) {
    for (let j = i + 1; j < series.length; j++) {
      const rho = rollingCorrelation(series[i].values, series[j].values, window);
      let above = false;
      for (let t = 0; t < rho.length; t++) {
        if (Number.isNaN(rho[t])) continue;
        const r = Math.abs(rho[t]);
        if (!above && r > threshold) { out.push({ ts: ts[t], kind, a: series[i].name, b: series[j].name, rho: rho[t] }); above = true; }
        else if (above && r <= rearm) above = false;
      }
    }
  }
  return out.sort((p, q) => p.ts - q.ts);
}
