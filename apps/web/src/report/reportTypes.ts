/**
 * The version-2 report sections, derived from RunReport (the core reports index does not re-export
 * their interfaces by name).
 */
import type { RunReport } from '@skippy/core/reports';

export type ProtocolData = NonNullable<RunReport['protocol']>;
export type WalkForwardWindow = ProtocolData['windows'][number];
export type BaselineData = NonNullable<RunReport['baselines']>[number];
export type RealismData = NonNullable<RunReport['realism']>;
export type CostsData = NonNullable<RunReport['costs']>;
export type MetaData = NonNullable<RunReport['meta']>;
