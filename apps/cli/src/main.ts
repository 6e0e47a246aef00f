import { COMMANDS } from './commands/index.ts';
import { runCommand } from './framework.ts';

function usage(): string {
  const rows = Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(12)} ${c.summary}`);
  return [
    'skippy-train – train and evaluate systematic crypto strategies without fooling yourself',
    '',
    'Usage: skippy-train <command> [options]   (every command has --help, --json, --config)',
    '',
    'Commands:',
    ...rows,
    '',
    'Exit codes: 0 success, 2 a mistake in the input (one line on stderr), 1 an internal error.',
    '',
  ].join('\n');
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(usage());
    return name ? 0 : 2;
  }
  const entry = COMMANDS[name];
  if (!entry) {
    process.stderr.write(`skippy-train: unknown command ${JSON.stringify(name)} (expected one of ${Object.keys(COMMANDS).join(', ')})\n`);
    return 2;
  }
  return runCommand(await entry.load(), rest);
}
