/** mlpFactory, tcnFactory – the `mlp` and `tcn` kinds of the model contract (see README.md). */
import { createRng } from '@skippy/core';
import type { FitRequest, FittedModel, ModelData, ModelFactory } from '@skippy/core/models';
import { ensureMlBackend } from './backend.ts';
import { fittedNet, forwardOf, inputOf } from './fitted.ts';
import type { MlpArch } from './mlp.ts';
import { mlpParams } from './mlp.ts';
import { fitScaler } from './scaler.ts';
import type { TcnArch } from './tcn.ts';
import { tcnParams, tcnScalerInput } from './tcn.ts';
import { trainNet } from './train.ts';

async function fitNet(arch: MlpArch | TcnArch, hp: { epochs: number; batch_size: number; learning_rate: number; patience: number; dropout: number; epoch_samples?: 'uniqueness' | 'all' }, data: ModelData, req: FitRequest): Promise<FittedModel> {
  await ensureMlBackend();
  const p = data.p;
  // standardisation fitted on the training rows only
  const scaler = fitScaler(p, (add) => {
    if (arch.kind === 'mlp') for (const i of req.rows) add(data.X, i * p);
    else tcnScalerInput(arch, data, req.rows, add);
  });
  const params = arch.kind === 'mlp' ? mlpParams(arch, createRng(req.seed >>> 0).fork('init')) : tcnParams(arch, createRng(req.seed >>> 0).fork('init'));
  const { weights, history } = await trainNet(params, forwardOf(arch), inputOf(arch, scaler, data), req, {
    epochs: hp.epochs, batchSize: hp.batch_size, learningRate: hp.learning_rate, patience: hp.patience, dropout: hp.dropout,
    // epoch_samples uniqueness: ⌈ū · n⌉ weighted draws per epoch when the caller knows ū (a run always does)
    ...(hp.epoch_samples === 'uniqueness' && req.uniqueness !== undefined && req.uniqueness > 0 ? { epochDraws: Math.ceil(req.uniqueness * req.rows.length) } : {}),
  });
  return fittedNet(arch, scaler, weights, history);
}

export const mlpFactory: ModelFactory = {
  kind: 'mlp',
  fit(spec, data, req) {
    if (spec.kind !== 'mlp') throw new Error(`mlpFactory cannot fit kind ${spec.kind}`);
    return fitNet({ kind: 'mlp', p: data.p, hidden: [...spec.hidden], dropout: spec.dropout }, spec, data, req);
  },
};

export const tcnFactory: ModelFactory = {
  kind: 'tcn',
  fit(spec, data, req) {
    if (spec.kind !== 'tcn') throw new Error(`tcnFactory cannot fit kind ${spec.kind}`);
    return fitNet({ kind: 'tcn', p: data.p, window: spec.window, channels: spec.channels, blocks: spec.blocks, kernel_size: spec.kernel_size, norm: spec.norm, dropout: spec.dropout }, spec, data, req);
  },
};

/** The factories a host passes to runExperiment's `models` option. */
export function mlModelFactories(): ModelFactory[] {
  return [mlpFactory, tcnFactory];
}
