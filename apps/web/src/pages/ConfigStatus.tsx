import { useQueryClient } from '@tanstack/react-query';
import { useSubscription } from '@trpc/tanstack-react-query';
import { fmtDateTime } from '@skippy/ui';
import { trpc } from '../trpc.ts';

/**
 * The hot-reloaded config/training.yml as the server sees it: valid (with its hash) or invalid
 * with the key path of each problem (the server keeps the last good config meanwhile).
 */
export function ConfigStatus() {
  const qc = useQueryClient();
  const sub = useSubscription(trpc.config.onChange.subscriptionOptions(undefined, {
    onData: (state) => qc.setQueryData(trpc.config.get.queryKey(), state),
  }));
  const state = sub.data;
  return (
    <section className="config-status" aria-labelledby="config-status-title" data-testid="config-status" aria-live="polite">
      <h2 id="config-status-title">config/training.yml</h2>
      {!state ? (
        <span>{sub.status === 'error' ? 'Server not reachable' : 'Connecting…'}</span>
      ) : state.error ? (
        <div>
          <div className="bad">✗ Invalid — still using the last good version</div>
          <ul style={{ margin: '4px 0 0', paddingLeft: 16 }}>
            {state.error.issues.slice(0, 4).map((i) => <li key={i.text}><code>{i.path || '(root)'}</code> {i.message}</li>)}
          </ul>
        </div>
      ) : (
        <div>
          <div className="ok">✓ Valid · <code>{state.hash.slice(0, 10)}</code></div>
          <div style={{ color: '#64748b' }}>reloaded {fmtDateTime(state.updatedAt)}</div>
        </div>
      )}
    </section>
  );
}
