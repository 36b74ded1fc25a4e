import type { Response } from 'express';
import { foldAccents } from '@poleflow/domain';

/** `?format=` of the dashboards: JSON unless asked for CSV. */
export const DASHBOARD_FORMATS = ['json', 'csv', 'xlsx', 'csv-fr'] as const;
export type DashboardFormat = (typeof DASHBOARD_FORMATS)[number];

export const CSV_CONTENT_TYPE = 'text/csv; charset=utf-8';

/** CSV when `?format=csv`, or when no format is given and the Accept header lists `text/csv`. */
export function wantsCsv(format: DashboardFormat | undefined, accept: string | undefined): boolean {
  if (format) return format === 'csv';
  return (accept ?? '').split(',').some((t) => t.split(';')[0].trim().toLowerCase() === 'text/csv');
}

/** The export a request asks for: null (JSON), `metrics` (the `metric,value` dump: `?format=csv&rows=metrics`) or an entity export. */
export function exportFormat(format: DashboardFormat | undefined, rows: string | undefined, accept: string | undefined): 'xlsx' | 'csv-fr' | 'csv' | 'metrics' | null {
  if (format === 'xlsx' || format === 'csv-fr') return format;
  if (!wantsCsv(format, accept)) return null;
  return rows === 'metrics' ? 'metrics' : 'csv';
}

type Cell = string | number | boolean | null | undefined;

/** One RFC 4180 field: quoted when it holds a quote, a comma, CR or LF; quotes doubled. */
export function csvField(v: Cell): string {
  const s = v === null || v === undefined ? '' : String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** RFC 4180 text: a header row, then the records, each line ended by CRLF. */
export function toCsv(header: string[], rows: Cell[][]): string {
  return [header, ...rows].map((r) => `${r.map(csvField).join(',')}\r\n`).join('');
}

/** A dashboard flattened to `metric,value` rows: nested keys joined by dots, list items by their index. */
export function flatten(value: unknown, prefix = ''): [string, Cell][] {
  if (Array.isArray(value)) return value.flatMap((v, i) => flatten(v, prefix ? `${prefix}.${i}` : String(i)));
  if (value !== null && typeof value === 'object') {
    return Object.entries(value as Record<string, unknown>).flatMap(([k, v]) => flatten(v, prefix ? `${prefix}.${k}` : k));
  }
  return [[prefix, value as Cell]];
}

export const dashboardCsv = (dashboard: object): string => toCsv(['metric', 'value'], flatten(dashboard));

/** Sends the CSV as an attachment named `<name>.csv`. */
export function sendCsv(res: Response, name: string, dashboard: object): string {
  res.setHeader('Content-Type', CSV_CONTENT_TYPE);
  res.setHeader('Content-Disposition', `attachment; filename="${name.replace(/[^A-Za-z0-9._-]/g, '_')}.csv"`);
  return dashboardCsv(dashboard);
}

/** "Provence-Alpes-Côte d'Azur" → "provence-alpes-cote d'azur": case- and accent-insensitive comparison of region names. */
export const foldRegion = foldAccents;

/** "Île-de-France" → "ile-de-france", for a file name. */
export const slug = (s: string): string => foldRegion(s).replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'region';
