const LABELS: Record<string, string> = {
  queued: 'Queued', running: 'Running', done: 'Done', completed: 'Done', succeeded: 'Done', failed: 'Failed',
  cancelled: 'Cancelled', canceled: 'Cancelled', interrupted: 'Interrupted', go: 'Go', no_go: 'No-go', 'no-go': 'No-go',
};

const TONES: Record<string, string> = {
  queued: 'neutral', running: 'info', done: 'good', completed: 'good', succeeded: 'good', failed: 'bad',
  cancelled: 'muted', canceled: 'muted', interrupted: 'warn', go: 'good', no_go: 'bad', 'no-go': 'bad',
};

/** StatusBadge – a run status (or verdict) as a coloured pill with readable text. */
export function StatusBadge({ status, testId }: { status: string; testId?: string }) {
  const tone = TONES[status] ?? 'neutral';
  return <span className={`sk-badge sk-badge-${tone}`} data-testid={testId} data-status={status}>{LABELS[status] ?? status}</span>;
}
