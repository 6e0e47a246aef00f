import type { ReactNode } from 'react';

export interface SectionHeaderProps {
  /** Heading text (an <h2>). */
  title: string;
  /** id of the heading, so the section can be linked and labelled. */
  id: string;
  /** One or two sentences saying what the section shows and how to read it. */
  description?: ReactNode;
  /** Controls on the right (toggles, downloads). */
  actions?: ReactNode;
}

/** SectionHeader – the heading of one report section with a plain-language explanation. */
export function SectionHeader({ title, id, description, actions }: SectionHeaderProps) {
  return (
    <header className="sk-section-header">
      <div>
        <h2 id={id}>{title}</h2>
        {description && <p className="sk-section-desc">{description}</p>}
      </div>
      {actions && <div className="sk-section-actions">{actions}</div>}
    </header>
  );
}

/** Section – a card with a SectionHeader, labelled by its heading. */
export function Section({ title, id, description, actions, children, testId }: SectionHeaderProps & { children: ReactNode; testId?: string }) {
  return (
    <section className="sk-card sk-section" aria-labelledby={id} data-testid={testId}>
      <SectionHeader title={title} id={id} description={description} actions={actions} />
      {children}
    </section>
  );
}
