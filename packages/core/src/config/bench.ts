import { z } from 'zod';
import { posInt, section, str } from './primitives.ts';

export const benchSchema = section({
  /** Label of this benchmark version, for side-by-side comparison. */
  version: str().default('dev'),
  /** Timed repetitions per kernel (the median is reported). @default 5 */
  runs: posInt().default(5),
  warmup: z.number().int().nonnegative().default(1),
});
export type BenchConfig = z.infer<typeof benchSchema>;
