import { StreamableFile } from '@nestjs/common';
import ExcelJS from 'exceljs';
import type { Response } from 'express';
import type { ProjectStage } from '@poleflow/domain';

/*
 * The dashboards' entity exports people open in a spreadsheet: one row per project (or application), French
 * column headers, amounts in euros with two decimals. `xlsx` (exceljs: euro cells are numbers with a euro
 * format) or `csv-fr` (UTF-8 with a BOM, `;` separator, decimal comma: what a French Excel opens as is).
 */

export const XLSX_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
export const CSV_FR_CONTENT_TYPE = 'text/csv; charset=utf-8; header=present';

export type ExportCell = string | number | null;
export interface ExportColumn { key: string; header: string; euros?: boolean }
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
  const s = v === null ? '' : col.euros && typeof v === 'number' ? v.toFixed(2).replace('.', ',') : String(v);
  return /[";\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function frenchCsv(sheet: ExportSheet): string {
  const lines = [sheet.columns.map((c) => frField(c.header, { key: '', header: '' })), ...sheet.rows.map((r) => sheet.columns.map((c) => frField(r[c.key] ?? null, c)))];
  return `\uFEFF${lines.map((l) => `${l.join(';')}\r\n`).join('')}`;
}

export async function xlsx(sheet: ExportSheet): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'poleflow';
  const ws = wb.addWorksheet(sheet.name.slice(0, 31));
  ws.columns = sheet.columns.map((c) => ({ header: c.header, key: c.key, width: Math.max(14, c.header.length + 2), ...(c.euros ? { style: { numFmt: '#,##0.00 "€"' } } : {}) }));
  ws.getRow(1).font = { bold: true };
  for (const r of sheet.rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** Sends the export as an attachment `<name>.xlsx` or `<name>.csv`. */
export async function sendExport(res: Response, format: 'xlsx' | 'csv-fr', name: string, sheet: ExportSheet): Promise<StreamableFile | string> {
  const file = name.replace(/[^A-Za-z0-9._-]/g, '_');
  res.setHeader('Content-Type', format === 'xlsx' ? XLSX_CONTENT_TYPE : CSV_FR_CONTENT_TYPE);
  res.setHeader('Content-Disposition', `attachment; filename="${file}.${format === 'xlsx' ? 'xlsx' : 'csv'}"`);
  // A StreamableFile: a Buffer returned from a controller would be serialised as JSON.
  return format === 'xlsx' ? new StreamableFile(await xlsx(sheet)) : frenchCsv(sheet);
}
