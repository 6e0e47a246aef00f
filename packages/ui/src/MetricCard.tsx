import type { ReactNode } from 'react';

export interface MetricCardProps {
  label: string;
  /** Already formatted, with its unit. */
  value: ReactNode;
  /** Small line under the value (e.g. a comparison). */
  hint?: ReactNode;
  /** Colours the value. @default 'neutral' */
  tone?: 'neutral' | 'good' | 'bad' | 'warn';
  /** Hover text defining the metric. */
  title?: string;
  testId?: string;
}

/** MetricCard – one labelled figure; a group of them reads as a definition list. */
export function MetricCard({ label, value, hint, tone = 'neutral', title, testId }: MetricCardProps) {
  return (
    <div className={`sk-metric sk-tone-${tone}`} title={title} data-testid={testId}>
      <dt className="sk-metric-label">{label}</dt>
      <dd className="sk-metric-value">{value}</dd>
      {hint !== undefined && <dd className="sk-metric-hint">{hint}</dd>}
    </div>
  );
}

/** MetricGrid – wraps MetricCards in a responsive grid (a <dl>). */
export function MetricGrid({ children, label }: { children: ReactNode; label?: string }) {
  return <dl className="sk-metric-grid" aria-label={label}>{children}</dl>;
}
