import { StreamableFile } from '@nestjs/common';
import type { Response } from 'express';
import type { ProjectStage } from '@poleflow/domain';
import { CSV_CONTENT_TYPE, toCsv } from './csv.js';

/*
 * The dashboards' entity exports people open in a spreadsheet: one row per project (or application), French
 * column headers, amounts in euros with two decimals. `xlsx` (exceljs: euro cells are numbers with a euro
 * format; a sheet of milestones and one of released tranches follow the entities), `csv-fr` (UTF-8 with a BOM,
 * `;` separator, decimal comma: what a French Excel opens as is) or `csv` (RFC 4180: `,`, decimal point).
 */

export const XLSX_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
export const CSV_FR_CONTENT_TYPE = 'text/csv; charset=utf-8; header=present';

export type ExportCell = string | number | null;
/** `euros`: a number of euros (two decimals); `date`: an ISO day `YYYY-MM-DD` (a date cell in XLSX, `06/12/2026` in csv-fr). */
export interface ExportColumn { key: string; header: string; euros?: boolean; date?: boolean }
export interface ExportSheet { name: string; columns: ExportColumn[]; rows: Record<string, ExportCell>[] }

export const STAGE_FR: Record<ProjectStage, string> = {
  conception: 'Conception', submitted: 'Déposé', in_labelling: 'En labellisation', labelled: 'Labellisé', funding_requested: 'Financement demandé',
  funded: 'Financé', prototype: 'Prototype', industrialisation: 'Industrialisation', market: 'Sur le marché', revision_requested: 'Révision demandée',
  not_labelled: 'Non labellisé', not_funded: 'Non financé', withdrawn: 'Retiré',
};

export const APPLICATION_STATUS_FR: Record<string, string> = {
  requested: 'En évaluation', eligible: 'Éligible', ineligible: 'Non éligible', granted: 'Accordée', refused: 'Refusée',
};

/** Cents → euros with two decimals (a number: exact to the cent for any realistic amount). */
export const euros = (cents: number | null): number | null => (cents === null ? null : Math.round(cents) / 100);

/** One `;`-separated field: quoted when it holds a quote, a `;`, CR or LF; euros with a decimal comma. */
function frField(v: ExportCell, col: ExportColumn): string {
  const s = v === null ? '' : col.euros && typeof v === 'number' ? v.toFixed(2).replace('.', ',')
    : col.date && typeof v === 'string' ? v.split('-').reverse().join('/') : String(v);
  return /[";\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function frenchCsv(sheet: ExportSheet): string {
  const lines = [sheet.columns.map((c) => frField(c.header, { key: '', header: '' })), ...sheet.rows.map((r) => sheet.columns.map((c) => frField(r[c.key] ?? null, c)))];
  return `\uFEFF${lines.map((l) => `${l.join(';')}\r\n`).join('')}`;
}

/** RFC 4180 (`,`, decimal point, no BOM) with the same French headers and rows. */
export function plainCsv(sheet: ExportSheet): string {
  const cell = (v: ExportCell, col: ExportColumn) => (col.euros && typeof v === 'number' ? v.toFixed(2) : v);
  return toCsv(sheet.columns.map((c) => c.header), sheet.rows.map((r) => sheet.columns.map((c) => cell(r[c.key] ?? null, c))));
}

/** One worksheet per sheet, in order (the entities first, then milestones and tranches). */
export async function xlsx(sheets: ExportSheet[]): Promise<Buffer> {
  // Loaded on the first XLSX export, not at start: exceljs alone is ~25 MB of an idle tracker's RSS.
  const { default: ExcelJS } = await import('exceljs');
  const wb = new ExcelJS.Workbook();
  wb.creator = 'poleflow';
  for (const sheet of sheets) {
    const ws = wb.addWorksheet(sheet.name.slice(0, 31));
    const numFmt = (c: ExportColumn) => (c.euros ? '#,##0.00 "€"' : c.date ? 'dd/mm/yyyy' : undefined);
    ws.columns = sheet.columns.map((c) => ({ header: c.header, key: c.key, width: Math.max(14, c.header.length + 2), ...(numFmt(c) ? { style: { numFmt: numFmt(c) } } : {}) }));
    ws.getRow(1).font = { bold: true };
    const dates = sheet.columns.filter((c) => c.date).map((c) => c.key);
    for (const r of sheet.rows) {
      ws.addRow(dates.length ? { ...r, ...Object.fromEntries(dates.map((k) => [k, typeof r[k] === 'string' ? new Date(`${r[k]}T00:00:00Z`) : r[k]])) } : r);
    }
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export type EntityFormat = 'xlsx' | 'csv-fr' | 'csv';
/** `?rows=` of a CSV export: which sheet (an XLSX holds them all); `metrics` is the old `metric,value` dump (csv only). */
export const EXPORT_ROWS = ['entities', 'milestones', 'tranches', 'metrics'] as const;
export type ExportRows = (typeof EXPORT_ROWS)[number];

/**
 * Sends the export as an attachment: `<name>.xlsx` (every sheet), or one sheet as `<name>.csv` (entities),
 * `<name>-milestones.csv` or `<name>-tranches.csv`. `sheets` is [entities, milestones, tranches].
 */
export async function sendExport(res: Response, format: EntityFormat, name: string, sheets: ExportSheet[], rows: ExportRows = 'entities'): Promise<StreamableFile | string> {
  const file = name.replace(/[^A-Za-z0-9._-]/g, '_');
  const sheet = rows === 'milestones' ? sheets[1] : rows === 'tranches' ? sheets[2] : sheets[0];
  res.setHeader('Content-Type', format === 'xlsx' ? XLSX_CONTENT_TYPE : format === 'csv' ? CSV_CONTENT_TYPE : CSV_FR_CONTENT_TYPE);
  res.setHeader('Content-Disposition', `attachment; filename="${file}${format !== 'xlsx' && sheet !== sheets[0] ? `-${rows}` : ''}.${format === 'xlsx' ? 'xlsx' : 'csv'}"`);
  // A StreamableFile: a Buffer returned from a controller would be serialised as JSON.
  if (format === 'xlsx') return new StreamableFile(await xlsx(sheets));
  return format === 'csv' ? plainCsv(sheet) : frenchCsv(sheet);
}
