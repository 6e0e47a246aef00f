import { canonicalJson, sha256Hex, defaultConfig } from '@skippy/core';
import type { BenchEntry } from '../harness.ts';

export const entries: BenchEntry[] = [
  {
    name: 'config.hash',
    setup: () => defaultConfig(),
    run: (config) => sha256Hex(canonicalJson(config)),
  } as BenchEntry<ReturnType<typeof defaultConfig>>,
];
