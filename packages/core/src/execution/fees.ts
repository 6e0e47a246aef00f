/** Which side of the spread a fill took: a maker rested in the book, a taker crossed it. */
export type Liquidity = 'maker' | 'taker';

/**
 * fillFee(notional, liquidity, fees) – fee of one fill: |qty · fill price| × maker_fee or taker_fee.
 * Defaults in the config: maker 1 bp, taker 5 bp.
 */
export function fillFee(notional: number, liquidity: Liquidity, fees: { maker_fee: number; taker_fee: number }): number {
  return Math.abs(notional) * (liquidity === 'maker' ? fees.maker_fee : fees.taker_fee);
}
