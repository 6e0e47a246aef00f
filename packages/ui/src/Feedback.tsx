import type { ReactNode } from 'react';

/** ProgressBar – value in [0, 1]; an accessible progressbar with its label. */
export function ProgressBar({ value, label, testId }: { value: number; label: string; testId?: string }) {
  const pct = Math.max(0, Math.min(1, Number.isFinite(value) ? value : 0)) * 100;
  return (
    <div className="sk-progress" role="progressbar" aria-label={label} aria-valuemin={0} aria-valuemax={100} aria-valuenow={Math.round(pct)} data-testid={testId}>
      <div className="sk-progress-fill" style={{ transform: `scaleX(${pct / 100})` }} />
    </div>
  );
}

/** Loading – a spinner with a sentence saying what is loading (role=status, so it is announced). */
export function Loading({ children = 'Loading…' }: { children?: ReactNode }) {
  return <div className="sk-loading" role="status"><span className="sk-spinner" aria-hidden="true" />{children}</div>;
}

/** EmptyState – what is missing and what to do about it. */
export function EmptyState({ title, children, action }: { title: string; children?: ReactNode; action?: ReactNode }) {
  return (
    <div className="sk-empty">
      <p className="sk-empty-title">{title}</p>
      {children && <p className="sk-empty-body">{children}</p>}
      {action}
    </div>
  );
}

/** ErrorState – a readable error with an optional retry. */
export function ErrorState({ title = 'Something went wrong', message, onRetry }: { title?: string; message: string; onRetry?: () => void }) {
  return (
    <div className="sk-error" role="alert">
      <p className="sk-error-title">{title}</p>
      <p className="sk-error-body">{message}</p>
      {onRetry && <button type="button" className="sk-btn" onClick={onRetry}>Try again</button>}
    </div>
  );
}
