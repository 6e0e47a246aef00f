import { z } from 'zod';
import { bool, posInt, section } from './primitives.ts';

export const samplerSchema = z.discriminatedUnion('kind', [
  section({ kind: z.literal('grid') }),
  section({ kind: z.literal('random'), n_trials: posInt().default(20) }),
], { error: 'expected a sampler with kind grid | random' });

export const hpoSchema = section({
  enabled: bool().default(false),
  sampler: samplerSchema.prefault({ kind: 'random' }),
  seed: z.number().int().default(11),
  /** Search space: parameter path → candidate values (e.g. "models.primary.l2": [0.1, 1, 10]). */
  space: z.record(z.string(), z.array(z.union([z.number(), z.string(), z.boolean()])).min(1)).default({}),
});
export type HpoConfig = z.infer<typeof hpoSchema>;
