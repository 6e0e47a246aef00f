import { describe, expect, it } from 'vitest';
import { renderToString } from 'react-dom/server';
import { SortableTable } from '@skippy/ui';

const text = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');

describe('SortableTable({rows, pageSize, initialSort})', () => {
  const rows = [5, 3, 9, 1, 7].map((v) => ({ v }));
  const columns = [{ key: 'v', label: 'Value', render: (r: { v: number }) => `#${r.v}`, sortValue: (r: { v: number }) => r.v }];
  it('sorts every row first, then shows one page of pageSize rows with a pager', () => {
    const html = text(renderToString(<SortableTable caption="T" columns={columns} rows={rows} rowKey={(r) => String(r.v)} initialSort={{ key: 'v', dir: 'asc' }} pageSize={2} />));
    expect(html).toContain('#1 #3');
    expect(html).not.toContain('#5');
    expect(html).toMatch(/page 1 of 3 \( ?5 rows\)/);
  });
  it('shows every row and no pager without pageSize', () => {
    const html = text(renderToString(<SortableTable caption="T" columns={columns} rows={rows} rowKey={(r) => String(r.v)} />));
    for (const v of [5, 3, 9, 1, 7]) expect(html).toContain(`#${v}`);
    expect(html).not.toContain('page 1');
  });
});
