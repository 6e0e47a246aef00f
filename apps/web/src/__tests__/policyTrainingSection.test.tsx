import { describe, expect, it } from 'vitest';
import { renderToString } from 'react-dom/server';
import type { PolicyTrainingSection } from '@skippy/core/reports';
import { PolicyTrainingSectionView } from '../report/PolicyTrainingSection.tsx';

const text = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/&#x27;/g, "'").replace(/&amp;/g, '&').replace(/\s+/g, ' ');

describe('PolicyTrainingSectionView({section, live, symbols, chartGroup, running})', () => {
  it('live: waits for the first update, then shows the latest figures, one legend entry per window and agent and one panel per metric', () => {
    const waiting = text(renderToString(<PolicyTrainingSectionView section={null} live={[]} symbols={['BTC']} chartGroup="g" running />));
    expect(waiting).toContain('Waiting for the first PPO update');
    const live = [
      { window: 0, symbol: 0, step: 128, episodic_return: Number.NaN, policy_loss: -0.01, value_loss: 2, entropy: 1.09, approx_kl: 2e-4, clipfrac: 0, explained_variance: -0.4, steps_per_s: 1234.4 },
      { window: 0, symbol: 1, step: 128, episodic_return: -80.5, policy_loss: -0.02, value_loss: 3, entropy: 1.08, approx_kl: 3e-4, clipfrac: 0.05, explained_variance: -0.2, steps_per_s: 1500 },
    ];
    const html = renderToString(<PolicyTrainingSectionView section={null} live={live} symbols={['BTC', 'ETH']} chartGroup="g" running />);
    const t = text(html);
    expect(t).toContain('training window 1 ETH · step 128 return -80.5 approx KL 3.00e-4 clip fraction 0.05 explained var. -0.2 1,500 steps/s 2 points');
    expect(t).toContain('window 1 BTC');
    expect((html.match(/data-testid="ppo-panel-/g) ?? []).length).toBe(8);
  });
  it('report: reads the stored columns and says when no episode ended', () => {
    const section: PolicyTrainingSection = {
      kind: 'ppo', symbols: ['BTC'], metrics: [], maxPointsPerSeries: 200,
      series: [{ window: 2, symbol: 0, step: [512, 1024], updates: [1, 1], episodes: [0, 0], episodic_return: [null, null], policy_loss: [0.1, 0.2], value_loss: [1, 1], entropy: [1, 1], approx_kl: [0, 0], clipfrac: [0, 0], explained_variance: [0.5, 0.6], steps_per_s: [900, 1100] }],
    };
    const t = text(renderToString(<PolicyTrainingSectionView section={section} live={[]} symbols={['IGNORED']} chartGroup="g" running={false} />));
    expect(t).toContain('trained window 3 · step 1k return n/a');
    expect(t).toContain('1,100 steps/s 2 points');
    expect(t).toContain('No training episode has ended yet');
    expect(t).toContain('as stored in the report');
  });
});
