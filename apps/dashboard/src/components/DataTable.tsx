import { useMemo, useState, type ReactNode } from 'react';
import { flexRender, getCoreRowModel, getFilteredRowModel, getSortedRowModel, useReactTable, type ColumnDef, type FilterFn, type SortingState } from '@tanstack/react-table';
import { downloadTable, type Cell } from '../lib/download';
import { useI18n } from '../lib/i18n';

export interface Column<T> {
  id: string;
  header: string;
  /** The value sorted on and written to downloads. */
  value: (row: T) => Cell;
  cell?: (row: T) => ReactNode;
  numeric?: boolean;
  /** Included in the search. */
  searchable?: boolean;
  sortDescFirst?: boolean;
}

interface DataTableProps<T> {
  name: string;
  rows: readonly T[];
  columns: readonly Column<T>[];
  initialSort?: SortingState;
  search?: boolean;
  caption?: string;
  rowKey: (row: T) => string;
  onRowClick?: (row: T) => void;
  maxRows?: number;
}

/** A sortable, searchable table (TanStack Table) that downloads what it shows as CSV, XLSX or JSON. */
export function DataTable<T>({ name, rows, columns, initialSort = [], search = false, caption, rowKey, onRowClick, maxRows }: DataTableProps<T>) {
  const { t } = useI18n();
  const [sorting, setSorting] = useState<SortingState>(initialSort);
  const [filter, setFilter] = useState('');
  const defs = useMemo<ColumnDef<T, Cell>[]>(
    () =>
      columns.map((c) => ({
        id: c.id,
        header: c.header,
        accessorFn: (row: T) => {
          const v = c.value(row);
          return isMissing(v) ? undefined : v;
        },
        cell: (info) => (c.cell ? c.cell(info.row.original) : formatCell(info.getValue())),
        sortUndefined: 'last',
        sortDescFirst: c.sortDescFirst ?? false,
        enableGlobalFilter: c.searchable ?? false,
        sortingFn: (a, b, id) => compareCells(a.getValue<Cell>(id), b.getValue<Cell>(id)),
      })),
    [columns],
  );
  const globalFilter: FilterFn<T> = (row, columnId, value: string) => String(row.getValue<Cell>(columnId) ?? '').toLowerCase().includes(value.toLowerCase());
  // TanStack Table caches each row's values until its data change: a new array whenever the
  // columns change (a language switch) makes it read them again.
  const data = useMemo(() => [...rows], [rows, defs]);
  const table = useReactTable({
    data,
    columns: defs,
    state: { sorting, globalFilter: filter },
    onSortingChange: setSorting,
    onGlobalFilterChange: setFilter,
    globalFilterFn: globalFilter,
    getCoreRowModel: getCoreRowModel(),
    getSortedRowModel: getSortedRowModel(),
    getFilteredRowModel: getFilteredRowModel(),
    getRowId: (row) => rowKey(row),
  });
  const shown = table.getRowModel().rows;
  const download = (format: 'csv' | 'xlsx' | 'json') =>
    downloadTable({ name, columns: columns.map((c) => c.header), rows: shown.map((r) => columns.map((c) => c.value(r.original))) }, format);

  return (
    <div className="table-block" data-table={name}>
      <div className="table-tools">
        {search && (
          <input type="search" placeholder={t('search')} aria-label={t('search')} value={filter} onChange={(e) => setFilter(e.target.value)} data-testid={`search-${name}`} />
        )}
        <span className="muted">{shown.length}</span>
        <span className="spacer" />
        <span className="muted">{t('download_table')}:</span>
        {(['csv', 'xlsx', 'json'] as const).map((f) => (
          <button key={f} type="button" className="small" onClick={() => download(f)} data-testid={`download-${name}-${f}`}>
            {f.toUpperCase()}
          </button>
        ))}
      </div>
      <div className="table-scroll">
        <table>
          {caption && <caption>{caption}</caption>}
          <thead>
            {table.getHeaderGroups().map((group) => (
              <tr key={group.id}>
                {group.headers.map((header) => {
                  const column = columns.find((c) => c.id === header.column.id)!;
                  const sorted = header.column.getIsSorted();
                  return (
                    <th key={header.id} className={column.numeric ? 'num' : undefined} aria-sort={sorted === 'asc' ? 'ascending' : sorted === 'desc' ? 'descending' : 'none'}>
                      <button type="button" className="sort" onClick={header.column.getToggleSortingHandler()} data-testid={`sort-${name}-${column.id}`}>
                        {flexRender(header.column.columnDef.header, header.getContext())}
                        <span aria-hidden="true">{sorted === 'asc' ? ' ▲' : sorted === 'desc' ? ' ▼' : ''}</span>
                      </button>
                    </th>
                  );
                })}
              </tr>
            ))}
          </thead>
          <tbody>
            {(maxRows ? shown.slice(0, maxRows) : shown).map((row) => (
              <tr
                key={row.id}
                data-row={row.id}
                className={onRowClick ? 'clickable' : undefined}
                tabIndex={onRowClick ? 0 : undefined}
                onClick={onRowClick ? () => onRowClick(row.original) : undefined}
                onKeyDown={onRowClick ? (e) => e.key === 'Enter' && onRowClick(row.original) : undefined}
              >
                {row.getVisibleCells().map((cell) => {
                  const column = columns.find((c) => c.id === cell.column.id)!;
                  return (
                    <td key={cell.id} className={column.numeric ? 'num' : undefined}>
                      {flexRender(cell.column.columnDef.cell, cell.getContext())}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}

function isMissing(v: Cell): boolean {
  return v == null || v === '' || (typeof v === 'number' && Number.isNaN(v));
}

function compareCells(a: Cell, b: Cell): number {
  const ma = isMissing(a);
  const mb = isMissing(b);
  if (ma || mb) return ma === mb ? 0 : ma ? 1 : -1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return String(a).localeCompare(String(b));
}

function formatCell(value: Cell): ReactNode {
  if (isMissing(value)) return '–';
  return String(value);
}
