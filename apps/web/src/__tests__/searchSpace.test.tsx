import { describe, expect, it } from 'vitest';
import { renderToString } from 'react-dom/server';
import { MemoryRouter } from 'react-router-dom';
import { defaultConfig, validateConfig } from '@skippy/core/config';
import { validateRunSpace } from '@skippy/core/hpo';
import { ConfigFormContext } from '../form/context.ts';
import type { SearchState } from '../form/context.ts';
import { NumberField, SelectField } from '../form/fields.tsx';
import { buildSearchSpace, defaultRange, toSpaceInput } from '../form/searchSpace.ts';
import type { SearchEntry } from '../form/searchSpace.ts';
import { studyRequest } from '../form/studyPanel.tsx';

const config = defaultConfig();

describe('buildSearchSpace()', () => {
  it('turns the searched fields into the studies.start space: float/log, int with step, choices', () => {
    const entries: Record<string, SearchEntry> = {
      'labels.pt': { kind: 'range', type: 'float', low: '0.5', high: ' 4 ', log: true, step: '' },
      'evaluation.n_splits': { kind: 'range', type: 'int', low: '3', high: '9', log: false, step: '2' },
      'labels.sl': { kind: 'range', type: 'float', low: '0.25', high: '2', log: false, step: '0.25' },
      'labels.touch': { kind: 'choices', choices: ['close', 'high_low'] },
    };
    const { space, issue } = buildSearchSpace(config, entries);
    expect(issue).toBeNull();
    expect(space).toEqual({
      'labels.pt': { type: 'float', low: 0.5, high: 4, log: true },
      'evaluation.n_splits': { type: 'int', low: 3, high: 9, step: 2 },
      'labels.sl': { type: 'float', low: 0.25, high: 2, step: 0.25 },
      'labels.touch': { choices: ['close', 'high_low'] },
    });
    // what the server's validator makes of it (the int range's grid: 3, 5, 7, 9)
    expect(validateRunSpace(config, space, 'space')).toEqual({
      'labels.pt': { type: 'float', low: 0.5, high: 4, log: true, step: null },
      'evaluation.n_splits': { type: 'int', low: 3, high: 9, log: false, step: 2 },
      'labels.sl': { type: 'float', low: 0.25, high: 2, log: false, step: 0.25 },
      'labels.touch': { type: 'categorical', choices: ['close', 'high_low'] },
    });
  });

  it('places the first problem at its field, in the server\'s words', () => {
    const at = (entries: Record<string, SearchEntry>) => buildSearchSpace(config, entries).issue;
    expect(at({ 'labels.pt': { kind: 'range', type: 'float', low: '4', high: '1', log: false, step: '' } }))
      .toEqual({ path: 'labels.pt', text: 'space.labels.pt: expected low < high (an empty or inverted range), got "low 4, high 1"' });
    expect(at({ 'labels.pt': { kind: 'range', type: 'float', low: 'abc', high: '1', log: false, step: '' } }))
      .toEqual({ path: 'labels.pt', text: 'space.labels.pt.low: expected a finite number, got "abc"' });
    expect(at({ 'labels.sl': { kind: 'range', type: 'float', low: '0', high: '1', log: true, step: '' } }))
      .toEqual({ path: 'labels.sl', text: 'space.labels.sl.low: expected a positive lower bound on a log scale, got 0' });
    expect(at({ 'labels.touch': { kind: 'choices', choices: ['close'] } })?.path).toBe('labels.touch');
    // a bound the config itself refuses (n_splits ≥ 2): the config's message, at the field
    const refused = at({ 'evaluation.n_splits': { kind: 'range', type: 'int', low: '1', high: '4', log: false, step: '' } });
    expect(refused?.path).toBe('evaluation.n_splits');
    expect(refused?.text).toMatch(/^space evaluation\.n_splits: expected an integer ≥ 2/);
    expect(buildSearchSpace(config, {})).toEqual({ space: {}, issue: null });
  });

  it('defaultRange(value) starts at [v/2, 2v] (ints rounded, at least three values), [0, 1] at zero', () => {
    expect(defaultRange(1, 'float')).toEqual({ kind: 'range', type: 'float', low: '0.5', high: '2', log: false, step: '' });
    expect(defaultRange(5, 'int')).toMatchObject({ low: '2', high: '10' });
    expect(defaultRange(1, 'int')).toMatchObject({ low: '0', high: '2' });
    expect(defaultRange(0, 'float')).toMatchObject({ low: '0', high: '1' });
    expect(defaultRange(-2, 'float')).toMatchObject({ low: '-4', high: '-1' });
    expect(toSpaceInput({ 'labels.pt': defaultRange(config.labels.pt, 'float') })).toEqual({ 'labels.pt': { type: 'float', low: 0.5, high: 2 } });
  });

  it('studyRequest() sends the settings as numbers and leaves bad text for the server to name', () => {
    const req = studyRequest({ name: ' s1 ', trials: '30', sampler: 'random', pruner: 'none', parallel: '2', seed: 'x' }, config, { 'labels.pt': { type: 'float', low: 0.5, high: 2 } });
    expect(req).toMatchObject({ name: 's1', trials: 30, parallel: 2, seed: 'x', sampler: 'random', pruner: 'none', space: { 'labels.pt': { type: 'float', low: 0.5, high: 2 } } });
  });
});

describe('search controls in the form', () => {
  const render = (entries: Record<string, SearchEntry>, node: React.ReactNode) => {
    const draft = JSON.parse(JSON.stringify(config)) as Record<string, unknown>;
    const r = validateConfig(draft);
    const search: SearchState = { entries, setEntry: () => {}, issue: buildSearchSpace(config, entries).issue };
    return renderToString(<MemoryRouter><ConfigFormContext.Provider value={{ draft, set: () => {}, issues: r.ok ? [] : r.issues, search }}>{node}</ConfigFormContext.Provider></MemoryRouter>);
  };

  it('a number field has a Search switch; when searched it shows low, high, step and log, and the space\'s problem under it', () => {
    const off = render({}, <NumberField path="labels.pt" label="Profit take" />);
    expect(off).toContain('data-testid="search-labels.pt"');
    expect(off).toContain('aria-pressed="false"');
    expect(off).not.toContain('search-editor-labels.pt');
    const on = render({ 'labels.pt': { kind: 'range', type: 'float', low: '3', high: '1', log: false, step: '' } }, <NumberField path="labels.pt" label="Profit take" />);
    expect(on).toContain('aria-pressed="true"');
    expect(on).toContain('data-testid="search-editor-labels.pt"');
    expect(on).toMatch(/>low<\/label>.*value="3".*>high<\/label>.*value="1".*>step<\/label>.*>log<\/label>/s);
    expect(on).toContain('space.labels.pt: expected low &lt; high (an empty or inverted range), got &quot;low 3, high 1&quot;');
    // data settings cannot be searched
    expect(render({}, <NumberField path="data.synthetic.days" label="Days" step={1} />)).not.toContain('search-data.synthetic.days');
    // nor seeds (the luckiest seed is noise)
    expect(render({}, <NumberField path="seed" label="Master seed" step={1} />)).not.toContain('data-testid="search-seed"');
  });

  it('a select field searched shows its options as choices, checked as chosen', () => {
    const html = render({ 'labels.touch': { kind: 'choices', choices: ['high_low'] } }, <SelectField path="labels.touch" label="Touch" options={[{ value: 'close', label: 'Close' }, { value: 'high_low', label: 'High/low' }]} />);
    expect(html).toContain('data-testid="search-editor-labels.touch"');
    expect((html.match(/type="checkbox"/g) ?? []).length).toBe(2);
    expect((html.match(/checked=""/g) ?? []).length).toBe(1);
  });
});
