import type { Rng } from '../util/rng.ts';

/**
 * drawFillFraction(rng, fullFillProb) – the partial-fill model: with probability fullFillProb the
 * order fills completely (1); otherwise a uniform random fraction in [0, 1). One draw decides
 * full vs partial and a second gives the fraction, both from the seeded rng.
 */
export function drawFillFraction(rng: Rng, fullFillProb: number): number {
  if (rng.next() < fullFillProb) return 1;
  return rng.next();
}

/**
 * participationCap(barVolume, maxPct) – the most a single bar can fill under a volume
 * participation cap: maxPct × bar volume (base units). Infinity when the cap is off.
 */
export function participationCap(barVolume: number, maxPct: number | null): number {
  if (maxPct === null) return Infinity;
  return Math.max(0, maxPct * barVolume);
}
