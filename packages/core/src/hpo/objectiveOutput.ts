/**
 * The external-command objective contract: the command gets the trial's parameters as one JSON object
 * on stdin (`{"x0": 1.5, "kind": "tcn"}`) and prints one number on stdout (the last non-empty line is
 * read, so it may log above it; `nan`/`inf` are refused). parseObjectiveOutput checks that output.
 */

/** parseObjectiveOutput(stdout, directions) – the values, or the reason the trial fails. */
export function parseObjectiveOutput(stdout: string, objectives = 1): { ok: true; values: number[] } | { ok: false; error: string } {
  const lines = stdout.split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
  if (lines.length === 0) return { ok: false, error: 'the objective command printed nothing on stdout; expected one number' };
  const lastLine = lines[lines.length - 1];
  const parts = lastLine.split(/[\s,]+/).filter(Boolean);
  const values = parts.map(Number);
  if (parts.length !== objectives || values.some((v) => !Number.isFinite(v))) {
    return { ok: false, error: `the objective command's last line was ${JSON.stringify(lastLine.slice(0, 80))}; expected ${objectives === 1 ? 'one finite number' : `${objectives} finite numbers`}` };
  }
  return { ok: true, values };
}
