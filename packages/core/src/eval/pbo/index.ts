export { cscvPbo } from './cscvPbo.ts';
export type { CscvOptions, PboResult } from './cscvPbo.ts';
