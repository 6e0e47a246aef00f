/** @skippy/io/html – a stored run report as one self-contained HTML file (inline CSS and SVG, no script, no external request). */
export { reportHtml } from './reportHtml.ts';
