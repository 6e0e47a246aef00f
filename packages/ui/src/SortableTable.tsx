import { useMemo, useState, type ReactNode } from 'react';

export interface Column<Row> {
  /** Stable key, also the sort key id. */
  key: string;
  /** Header text. */
  label: string;
  /** Cell content. */
  render: (row: Row) => ReactNode;
  /** Value used for sorting (numbers sort numerically, NaN last). Omit to make the column unsortable. */
  sortValue?: (row: Row) => number | string;
  /** @default 'left' (numbers look best 'right') */
  align?: 'left' | 'right';
  /** Hover text explaining the column. */
  title?: string;
}

export interface SortableTableProps<Row> {
  columns: Column<Row>[];
  rows: Row[];
  /** Visible caption naming the table (also its accessible name). */
  caption: string;
  rowKey: (row: Row, index: number) => string;
  /** Initial sort. */
  initialSort?: { key: string; dir: 'asc' | 'desc' };
  /** Shown when there are no rows. @default 'Nothing to show.' */
  emptyText?: string;
  testId?: string;
  /** Extra class per row (e.g. to highlight a differing config key). */
  rowClass?: (row: Row) => string | undefined;
  /** Rows per page (sorting applies to all rows first); no paging when absent. */
  pageSize?: number;
}

/** SortableTable – click a header (or press Enter on it) to sort; aria-sort tells assistive tech the order. */
export function SortableTable<Row>({ columns, rows, caption, rowKey, initialSort, emptyText = 'Nothing to show.', testId, rowClass, pageSize }: SortableTableProps<Row>) {
  const [sort, setSort] = useState(initialSort ?? null);
  const [page, setPage] = useState(0);
  const sorted = useMemo(() => {
    if (!sort) return rows;
    const col = columns.find((c) => c.key === sort.key);
    if (!col?.sortValue) return rows;
    const get = col.sortValue;
    const sign = sort.dir === 'asc' ? 1 : -1;
    return [...rows].sort((a, b) => {
      const x = get(a), y = get(b);
      if (typeof x === 'number' && typeof y === 'number') {
        const xn = Number.isNaN(x), yn = Number.isNaN(y);
        if (xn || yn) return xn === yn ? 0 : xn ? 1 : -1;
        return (x - y) * sign;
      }
      return String(x).localeCompare(String(y)) * sign;
    });
  }, [rows, columns, sort]);

  const toggle = (key: string) => {
    setPage(0);
    setSort((s) => (s?.key === key ? { key, dir: s.dir === 'asc' ? 'desc' : 'asc' } : { key, dir: 'desc' }));
  };
  const pages = pageSize ? Math.max(1, Math.ceil(sorted.length / pageSize)) : 1;
  const current = Math.min(page, pages - 1);
  const visible = pageSize ? sorted.slice(current * pageSize, (current + 1) * pageSize) : sorted;

  return (
    <div className="sk-table-wrap">
      <table className="sk-table" data-testid={testId}>
        <caption>{caption}</caption>
        <thead>
          <tr>
            {columns.map((c) => {
              const active = sort?.key === c.key;
              const ariaSort = active ? (sort!.dir === 'asc' ? 'ascending' : 'descending') : 'none';
              return (
                <th key={c.key} scope="col" className={c.align === 'right' ? 'num' : undefined} aria-sort={c.sortValue ? ariaSort : undefined} title={c.title}>
                  {c.sortValue ? (
                    <button type="button" className="sk-sort" onClick={() => toggle(c.key)} aria-label={`Sort by ${c.label}`}>
                      {c.label}
                      <span aria-hidden="true" className="sk-sort-mark">{active ? (sort!.dir === 'asc' ? '▲' : '▼') : '↕'}</span>
                    </button>
                  ) : c.label}
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody>
          {sorted.length === 0 ? (
            <tr><td colSpan={columns.length} className="sk-empty-cell">{emptyText}</td></tr>
          ) : visible.map((row, i) => (
            <tr key={rowKey(row, i + current * (pageSize ?? 0))} className={rowClass?.(row)}>
              {columns.map((c) => <td key={c.key} className={c.align === 'right' ? 'num' : undefined}>{c.render(row)}</td>)}
            </tr>
          ))}
        </tbody>
      </table>
      {pages > 1 && (
        <div className="row sk-pager" role="navigation" aria-label={`${caption}: pages`}>
          <button type="button" className="sk-btn sk-btn-small" disabled={current === 0} onClick={() => setPage(current - 1)}>Previous</button>
          <span className="unit">page {current + 1} of {pages} ({sorted.length.toLocaleString('en-US')} rows)</span>
          <button type="button" className="sk-btn sk-btn-small" disabled={current >= pages - 1} onClick={() => setPage(current + 1)}>Next</button>
        </div>
      )}
    </div>
  );
}
