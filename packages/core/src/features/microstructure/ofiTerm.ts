/**
 * ofiTerm(pb, qb, pa, qa, pbPrev, qbPrev, paPrev, qaPrev) – the order-flow contribution e_n of
 * Cont, Kukanov & Stoikov (2014) for one book update at one level:
 *
 *   e_n = 1{Pᵇₙ ≥ Pᵇₙ₋₁}·qᵇₙ − 1{Pᵇₙ ≤ Pᵇₙ₋₁}·qᵇₙ₋₁ − 1{Pᵃₙ ≤ Pᵃₙ₋₁}·qᵃₙ + 1{Pᵃₙ ≥ Pᵃₙ₋₁}·qᵃₙ₋₁
 *
 * With equal prices on a side the side's term is the size change (qₙ − qₙ₋₁ for bids, the negative for
 * asks). A missing level (NaN price) in either state makes every comparison false, so that side adds 0.
 */
export function ofiTerm(
  pb: number, qb: number, pa: number, qa: number,
  pbPrev: number, qbPrev: number, paPrev: number, qaPrev: number,
): number {
  let e = 0;
  if (pb >= pbPrev) e += qb;
  if (pb <= pbPrev) e -= qbPrev;
  if (pa <= paPrev) e -= qa;
  if (pa >= paPrev) e += qaPrev;
  return e;
}
