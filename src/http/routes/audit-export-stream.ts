// Writing an audit export to the response as it is read: each page of records becomes one chunk,
// and the next page is read only when the response has taken the last one (stream.pipeline's
// backpressure), so memory holds one page whatever the export's length. A client that goes away
// ends the reading; a failure after the first bytes cuts the response short (the status is sent).
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Response } from 'express';
import { auditCsvHeader, auditCsvLine, auditJsonLine } from '../../services/audit/audit-export-format.ts';
import type { AuditExportFormat } from '../../services/audit/export-audit.ts';
import type { AuditRecord } from '../../domain/audit-record.ts';

const TYPES: Record<AuditExportFormat, string> = { csv: 'text/csv; charset=utf-8', jsonl: 'application/x-ndjson; charset=utf-8' };

/** The export's text, one chunk per page of records (the CSV's first chunk its header). */
export async function* auditExportChunks(format: AuditExportFormat, pages: AsyncGenerator<AuditRecord[]>): AsyncGenerator<string> {
  // The byte order mark makes spreadsheet programs read the CSV as UTF-8 (names are Chinese).
  if (format === 'csv') yield `\uFEFF${auditCsvHeader}`;
  const line = format === 'csv' ? auditCsvLine : auditJsonLine;
  for await (const page of pages) yield page.map(line).join('');
}

export async function sendAuditExport(res: Response, format: AuditExportFormat, pages: AsyncGenerator<AuditRecord[]>, now: Date): Promise<void> {
  const stamp = now.toISOString().replace(/[-:]/g, '').slice(0, 15);
  res.status(200).set({
    'Content-Type': TYPES[format],
    'Content-Disposition': `attachment; filename="audit-${stamp}.${format}"`,
    'Cache-Control': 'no-store',
  });
  try {
    await pipeline(Readable.from(auditExportChunks(format, pages)), res);
  } catch (e) {
    // The client went away (nothing to answer) or the store failed midway: the response is cut short.
    if (!res.headersSent) throw e;
    res.destroy();
  }
}
