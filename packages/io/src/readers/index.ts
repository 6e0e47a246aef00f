export { readBarsFile, parseBarsBytes } from './readBarsFile.ts';
export type { ReadBarsFileOptions } from './readBarsFile.ts';
export { readFundingFile } from './readFundingFile.ts';
export type { ReadFundingFileOptions } from './readFundingFile.ts';
export { decodeText, isGzip, isParquet, readFileBytes } from './decodeText.ts';
export { symbolFromFileName, intervalFromFileName } from './fileNames.ts';
