/**
 * The command registry. Each command lives in its own file and is loaded lazily,
 * so `skippy-train qc` never pays for the backtester's imports.
 */
import type { Command } from '../framework.ts';

export const COMMANDS: Record<string, { summary: string; load: () => Promise<Command> }> = {
  bench: { summary: 'time the core kernels (JSON with --json)', load: async () => (await import('./bench.ts')).benchCommand },
};
