/** The Start study panel's TPE options: the multivariate / group checkboxes and what studyRequest sends. */
import { describe, expect, it } from 'vitest';
import { renderToString } from 'react-dom/server';
import { MemoryRouter } from 'react-router-dom';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { defaultConfig } from '@skippy/core/config';
import { StudyPanel, studyRequest } from '../form/studyPanel.tsx';
import type { StudySettings } from '../form/studyPanel.tsx';
import { startStudyInput } from '../../../server/src/trpc/routers/studies.ts';

const config = defaultConfig();
const space = { 'labels.pt': { type: 'float' as const, low: 0.5, high: 2 } };
const settings = (patch: Partial<StudySettings>): StudySettings => ({ name: 's', trials: '20', sampler: 'tpe', pruner: 'median', parallel: '1', seed: '0', ...patch });

describe('Start study: multivariate / group', () => {
  it('studyRequest sends the options only when checked and the sampler is TPE; group only with multivariate', () => {
    expect(studyRequest(settings({ multivariate: true, group: true }), config, space)).toMatchObject({ sampler: 'tpe', multivariate: true, group: true });
    const plain = studyRequest(settings({}), config, space);
    expect('multivariate' in plain || 'group' in plain).toBe(false);
    expect(studyRequest(settings({ multivariate: false, group: true }), config, space)).not.toHaveProperty('group');
    const random = studyRequest(settings({ sampler: 'random', multivariate: true, group: true }), config, space);
    expect('multivariate' in random || 'group' in random).toBe(false);
    // what the panel sends is what studies.start accepts
    expect(startStudyInput.parse(studyRequest(settings({ multivariate: true, group: true }), config, space))).toMatchObject({ multivariate: true, group: true });
  });

  it('renders both checkboxes, unchecked; group disabled until multivariate is checked', () => {
    const html = renderToString(<QueryClientProvider client={new QueryClient()}><MemoryRouter><StudyPanel config={config} space={space} issue={null} params={1} /></MemoryRouter></QueryClientProvider>);
    const box = (id: string) => new RegExp(`<input[^>]*data-testid="${id}"[^>]*>`).exec(html)?.[0] ?? '';
    expect(box('study-multivariate')).toMatch(/type="checkbox"/);
    expect(box('study-multivariate')).not.toMatch(/checked|disabled/);
    expect(box('study-group')).toMatch(/disabled=""/);
    expect(box('study-group')).not.toMatch(/checked/);
    expect(html).toMatch(/multivariate<\/label>/);
    expect(html).toMatch(/group<\/label>/);
  });
});
