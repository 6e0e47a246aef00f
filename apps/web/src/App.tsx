import { lazy, Suspense } from 'react';
import { NavLink, Route, Routes } from 'react-router-dom';
import { Loading } from '@skippy/ui';
import { NewExperimentPage } from './pages/NewExperiment.tsx';
import { RunsPage } from './pages/Runs.tsx';
import { ConfigStatus } from './pages/ConfigStatus.tsx';

const loadReport = () => import('./pages/RunReport.tsx');
const loadCompare = () => import('./pages/Compare.tsx');
const RunReportPage = lazy(() => loadReport().then((m) => ({ default: m.RunReportPage })));
const ComparePage = lazy(() => loadCompare().then((m) => ({ default: m.ComparePage })));
const StudiesPage = lazy(() => import('./pages/Studies.tsx').then((m) => ({ default: m.StudiesPage })));
const DataPage = lazy(() => import('./pages/Data.tsx').then((m) => ({ default: m.DataPage })));
const PaperPage = lazy(() => import('./pages/Paper.tsx').then((m) => ({ default: m.PaperPage })));
const WorkersPage = lazy(() => import('./pages/Workers.tsx').then((m) => ({ default: m.WorkersPage })));

/**
 * After first paint, when the browser is idle, fetch and compile the report pages (ECharts is the
 * bulk) and start the chart worker, so pressing "Start run" never pays that cost on the main thread
 * while the run streams.
 */
function warmUp() {
  const idle = (cb: () => void) => (typeof window.requestIdleCallback === 'function' ? window.requestIdleCallback(cb, { timeout: 3000 }) : setTimeout(cb, 1500));
  idle(() => {
    const worker = import('./workers/client.ts').then((m) => m.prep());
    void Promise.all([loadReport(), worker, import('@skippy/ui')]).then(([, , ui]) => idle(() => {
      ui.warmUpCharts();
      performance.mark('skippy:warm');
      idle(() => void loadCompare());
    }));
  });
}
if (typeof window !== 'undefined') warmUp();

/** The shell: a left navigation with the product name, the page on the right. */
export function App() {
  return (
    <div className="app">
      <a className="skip-link" href="#main">Skip to content</a>
      <aside className="sidebar">
        <div className="brand">
          <span className="brand-mark" aria-hidden="true" />
          <span className="brand-name">Skippy Workbench</span>
        </div>
        <nav aria-label="Main">
          <ul>
            <li><NavLink to="/" end>New experiment</NavLink></li>
            <li><NavLink to="/runs">Runs</NavLink></li>
            <li><NavLink to="/compare">Compare</NavLink></li>
            <li><NavLink to="/studies">Studies</NavLink></li>
            <li><NavLink to="/data">Data</NavLink></li>
            <li><NavLink to="/paper">Paper</NavLink></li>
            <li><NavLink to="/workers">Workers</NavLink></li>
          </ul>
        </nav>
        <ConfigStatus />
        <p className="sidebar-foot">Leakage-proof, cost-realistic research for systematic crypto strategies.</p>
      </aside>
      <main id="main" className="main">
        <Suspense fallback={<Loading>Loading page…</Loading>}>
          <Routes>
            <Route path="/" element={<NewExperimentPage />} />
            <Route path="/runs" element={<RunsPage />} />
            <Route path="/runs/:id" element={<RunReportPage />} />
            <Route path="/compare" element={<ComparePage />} />
            <Route path="/studies/:name?" element={<StudiesPage />} />
            <Route path="/data" element={<DataPage />} />
            <Route path="/paper/:id?" element={<PaperPage />} />
            <Route path="/workers" element={<WorkersPage />} />
            <Route path="*" element={<div className="page"><h1>Page not found</h1><p><NavLink to="/">Start a new experiment</NavLink></p></div>} />
          </Routes>
        </Suspense>
      </main>
    </div>
  );
}
