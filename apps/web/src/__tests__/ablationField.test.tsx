import { describe, expect, it } from 'vitest';
import { renderToString } from 'react-dom/server';
import { defaultConfig, validateConfig } from '@skippy/core/config';
import { ConfigFormContext } from '../form/context.ts';
import { AblationField, nextFeatureSets } from '../form/ablation.tsx';

const render = (draft: Record<string, unknown>) => renderToString(
  <ConfigFormContext.Provider value={{ draft, set: () => {}, issues: (() => { const r = validateConfig(draft); return r.ok ? [] : r.issues; })() }}>
    <AblationField />
  </ConfigFormContext.Provider>,
);

describe('AblationField()', () => {
  it('shows the Ablation switch and one checkbox per offered feature set, checked from hpo.ablation.feature_sets', () => {
    const draft = JSON.parse(JSON.stringify(defaultConfig())) as Record<string, unknown>;
    const html = render(draft);
    expect(html).toContain('Ablation — compare feature sets');
    expect((html.match(/type="checkbox"/g) ?? []).length).toBe(1 + 4);
    // ablation off by default: the set checkboxes are disabled; the three default sets are checked
    expect((html.match(/disabled=""/g) ?? []).length).toBe(4);
    expect((html.match(/checked=""/g) ?? []).length).toBe(3);
  });

  it('shows the schema message under the sets when one is invalid', () => {
    const draft = JSON.parse(JSON.stringify(defaultConfig())) as { hpo: { ablation: { enabled: boolean; feature_sets: string[] } } };
    draft.hpo.ablation = { enabled: true, feature_sets: ['price', 'pirce'] };
    expect(render(draft)).toMatch(/<code>hpo\.ablation\.feature_sets\[1\]<\/code> (<!-- -->)?expected tier names/);
  });
});

describe('nextFeatureSets(sets, spec, on)', () => {
  it('keeps the offered sets in tier order and other typed sets after them', () => {
    expect(nextFeatureSets(['price+microstructure'], 'price', true)).toEqual(['price', 'price+microstructure']);
    expect(nextFeatureSets(['price', 'ret_5', 'price+derivatives'], 'price', false)).toEqual(['price+derivatives', 'ret_5']);
    expect(nextFeatureSets([], 'price+derivatives', true)).toEqual(['price+derivatives']);
  });
});
