import { useVirtualizer } from '@tanstack/react-virtual';
import { useMemo, useRef, useState, type ReactNode } from 'react';
import { useFastT } from '../i18n/fast-t';
import { errorText } from '../errors/error-text';
import { exportCell, exportTable } from '../export/table-export';
import { nextSort, visibleRows, type Column, type SortState } from './table-model';
import './data-table.css';

const ROW_HEIGHT = 28;

export interface DataTableProps<Row> {
  /** Export file name part and accessible label. */
  name: string;
  label: string;
  columns: readonly Column<Row>[];
  /** Column header text by column id. */
  header(columnId: string): string;
  rows: readonly Row[];
  rowKey(row: Row): string | number;
  rowClass?(row: Row): string;
  /** Custom cell content (buttons, colours); falls back to the column's text. */
  cell?(columnId: string, row: Row): ReactNode | undefined;
  /** Columns shown but not exported (actions). */
  displayOnly?: readonly string[];
  gridTemplate: string;
  /** Below this width (px) the table scrolls sideways instead of squeezing its columns. */
  minWidth: number;
  toolbar?: ReactNode;
  empty: string;
  initialSort?: SortState;
  onRowClick?(row: Row): void;
  selectedKey?: string | number | null;
  /**
   * A short summary table (a handful of rows) sitting among other content shows this many rows and
   * takes its own height instead of filling its panel; the virtualizer still needs a body of known height.
   */
  fitRows?: number;
  /** Extra class on the table, for a panel's own styling and for finding this table among others. */
  className?: string;
}

/** A table sized by `fitRows` takes its content's height (its toolbar may wrap), not its panel's. */
const FIT_STYLE = { blockSize: 'auto', flex: 'none', contain: 'layout paint' } as const;

/** Virtualized, filterable, sortable table whose export holds exactly the rows on screen. */
export function DataTable<Row>(props: DataTableProps<Row>) {
  const { t } = useFastT();
  const [filter, setFilter] = useState('');
  const [sort, setSort] = useState<SortState | null>(props.initialSort ?? null);
  const [exportError, setExportError] = useState<string | null>(null);
  const { columns, rows } = props;
  const shown = useMemo(() => visibleRows(rows, columns, filter, sort), [rows, columns, filter, sort]);
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({ count: shown.length, getScrollElement: () => scrollRef.current, estimateSize: () => ROW_HEIGHT, overscan: 12 });
  const exported = columns.filter((c) => !props.displayOnly?.includes(c.id));
  const textOf = (c: Column<Row>, row: Row) => (c.text ? c.text(row) : String(c.value(row)));
  // Headers depend on the column and the language only; live tables re-render many times a second.
  // eslint-disable-next-line react-hooks/exhaustive-deps -- props.header is a new closure every render
  const headers = useMemo(() => new Map(columns.map((c) => [c.id, props.header(c.id)])), [columns, t]);
  const headerOf = (id: string) => headers.get(id) ?? props.header(id);

  function runExport(format: 'csv' | 'xlsx') {
    setExportError(null);
    const table = {
      name: props.name,
      headers: exported.map((c) => headerOf(c.id)),
      rows: shown.map((row) => exported.map((c) => exportCell(c, row))),
    };
    exportTable(table, format).catch((err: unknown) => setExportError(errorText(err, t)));
  }

  return (
    <div
      className={props.className ? `data-table ${props.className}` : 'data-table'}
      // The toolbar and the table belong together: a named group lets a screen reader (and a test) find both.
      role="group"
      aria-label={props.label}
      style={props.fitRows === undefined ? undefined : FIT_STYLE}
    >
      <div className="table-toolbar">
        <input
          type="search"
          className="table-filter"
          name="filter"
          placeholder={t('table.filter')}
          aria-label={t('table.filter')}
          value={filter}
          onChange={(e) => setFilter(e.target.value)}
        />
        <span className="muted table-count" data-testid="row-count">
          {t('table.rows', { shown: shown.length, total: rows.length })}
        </span>
        {props.toolbar}
        <button type="button" className="ghost" name="export-csv" disabled={shown.length === 0} onClick={() => runExport('csv')}>
          CSV ⤓
        </button>
        <button type="button" className="ghost" name="export-xlsx" disabled={shown.length === 0} onClick={() => runExport('xlsx')}>
          XLSX ⤓
        </button>
      </div>
      {exportError && (
        <p className="error empty" role="alert">
          {t('table.exportFailed', { reason: exportError })}
        </p>
      )}
      {/* The table is the header and the rows only: a table's children are rows, so the toolbar stays outside it. */}
      <div className="table-scroll" role="table" aria-label={props.label} aria-rowcount={shown.length + 1}>
      <div className="table-row table-head" role="row" style={{ gridTemplateColumns: props.gridTemplate, minWidth: props.minWidth }}>
        {columns.map((c) => {
          const active = sort?.column === c.id;
          const displayOnly = props.displayOnly?.includes(c.id);
          return (
            <span key={c.id} role="columnheader" data-column={c.id} aria-sort={active ? (sort.direction === 'asc' ? 'ascending' : 'descending') : 'none'} className={c.numeric ? 'num' : ''}>
              {displayOnly ? (
                headerOf(c.id)
              ) : (
                <button type="button" className="sort" onClick={() => setSort(nextSort(sort, c.id))}>
                  {headerOf(c.id)}
                  {active ? (sort.direction === 'asc' ? ' ▲' : ' ▼') : ''}
                </button>
              )}
            </span>
          );
        })}
      </div>
      {shown.length === 0 && (
        <p className="muted empty" role="none">
          {rows.length === 0 ? props.empty : t('table.noMatch')}
        </p>
      )}
      <div
        className="table-body"
        role="rowgroup"
        ref={scrollRef}
        // A scrolled list must be reachable by keyboard: arrow keys and Page Down scroll it once focused.
        tabIndex={0}
        style={props.fitRows === undefined ? { minWidth: props.minWidth } : { minWidth: props.minWidth, flex: 'none', blockSize: props.fitRows * ROW_HEIGHT }}
      >
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {virtualizer.getVirtualItems().map((item) => {
            const row = shown[item.index];
            if (row === undefined) return null;
            return (
              <div
                key={props.rowKey(row)}
                role="row"
                data-key={props.rowKey(row)}
                className={`table-row ${props.rowClass?.(row) ?? ''}${props.selectedKey === props.rowKey(row) ? ' selected' : ''}`}
                aria-selected={props.onRowClick ? props.selectedKey === props.rowKey(row) : undefined}
                onClick={props.onRowClick ? () => props.onRowClick?.(row) : undefined}
                style={{ gridTemplateColumns: props.gridTemplate, transform: `translateY(${item.start}px)`, height: ROW_HEIGHT }}
              >
                {columns.map((c) => (
                  <span key={c.id} role="cell" className={`col-${c.id}${c.numeric ? ' num' : ''}`} dir={c.numeric ? 'ltr' : undefined}>
                    {props.cell?.(c.id, row) ?? textOf(c, row)}
                  </span>
                ))}
              </div>
            );
          })}
        </div>
      </div>
      </div>
    </div>
  );
}
