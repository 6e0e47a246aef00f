/**
 * A mistake in what the user gave us (a config value, a file, a flag). The CLI
 * turns it into a one-line message and exit code 2; the server into a 400.
 * `field` names where (a key path, `file:line`, or a flag), `value` what was received.
 */
export class UserInputError extends Error {
  readonly field: string;
  readonly value: unknown;
  readonly expected: string;
  constructor(field: string, expected: string, value?: unknown, detail?: string) {
    const got = value === undefined ? '' : `, got ${describeValue(value)}`;
    super(`${field}: ${expected}${got}${detail ? ` (${detail})` : ''}`);
    this.name = 'UserInputError';
    this.field = field;
    this.value = value;
    this.expected = expected;
  }
}

export function isUserInputError(e: unknown): e is UserInputError {
  return e instanceof Error && e.name === 'UserInputError';
}

/** Short, readable rendering of a received value for error messages. */
export function describeValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value);
  if (typeof value === 'number' || typeof value === 'boolean' || value === null) return String(value);
  if (value === undefined) return 'nothing';
  try {
    const s = JSON.stringify(value);
    return s.length > 80 ? `${s.slice(0, 77)}...` : s;
  } catch {
    return String(value);
  }
}
