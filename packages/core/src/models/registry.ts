/** The model kinds core fits itself; hosts add others (e.g. @skippy/ml's mlp and tcn) through runExperiment's `models` option. */
import type { ModelFactory } from './contract.ts';
import { logisticFactory } from './logisticFactory.ts';
import { gbdtFactory } from './gbdt/factory.ts';

export const BUILTIN_MODEL_FACTORIES: readonly ModelFactory[] = [logisticFactory, gbdtFactory];
