// Import service items from CSV: one row per licence type of an item, the item's own columns
// repeated (code, name, department code and name, legal basis), then the licence type code and
// its fields separated by `;` or `；`. Rows of one code make one item. The whole file is checked
// first: one bad row and nothing is saved, and every problem is named by line and column.
import { csvRows } from '../batch/csv-rows.ts';
import { fieldError } from '../licences/licence-deps.ts';
import type { FieldIssue } from '../licences/licence-deps.ts';
import type { ServiceItem } from '../../domain/licence-use.ts';
import type { LicenceUseDeps, UseAdminActor } from './licence-use-deps.ts';
import { itemIssues, saveServiceItem } from './save-service-item.ts';
import type { ServiceItemInput } from './save-service-item.ts';

export const SERVICE_ITEM_COLUMNS = ['code', 'name', 'department_code', 'department_name', 'legal_basis', 'licence_type', 'fields'] as const;
const MAX_ROWS = 5000;

export async function importServiceItems(deps: LicenceUseDeps, csv: string, actor: UseAdminActor): Promise<ServiceItem[]> {
  let rows;
  try {
    rows = await csvRows(csv.replace(/^\uFEFF/, ''), { maxRows: MAX_ROWS, skip_empty_lines: true, trim: true, relax_column_count: true });
  } catch (e) {
    throw fieldError([{ path: ['csv'], code: 'unreadable', message: `the CSV cannot be read: ${(e as { code?: string }).code ?? 'malformed'}` }]);
  }
  const [header, ...body] = rows;
  if (!header || SERVICE_ITEM_COLUMNS.some((c, i) => header.record[i] !== c)) {
    throw fieldError([{ path: ['csv', 'header'], code: 'header', message: `the first line must be ${SERVICE_ITEM_COLUMNS.join(',')}` }]);
  }
  if (body.length > MAX_ROWS - 1) throw fieldError([{ path: ['csv'], code: 'too_many_rows', message: `at most ${MAX_ROWS - 1} rows` }]);
  const issues: FieldIssue[] = [];
  const items = new Map<string, ServiceItemInput & { line: number }>();
  for (const row of body) {
    const line = `line ${row.info.lines}`;
    const [code = '', name = '', deptCode = '', deptName = '', basis = '', type = '', fields = ''] = row.record;
    const empty = SERVICE_ITEM_COLUMNS.filter((c, i) => c !== 'fields' && !(row.record[i] ?? '').trim());
    for (const c of empty) issues.push({ path: [line, c], code: 'required', message: `${c} is empty` });
    if (empty.length) continue;
    const names = fields.split(/[;；]/).map((f) => f.trim()).filter(Boolean);
    const item = items.get(code);
    if (!item) {
      items.set(code, { code, name, department: { code: deptCode, name: deptName }, legalBasis: basis, licences: [{ typeCode: type, fields: names }], line: row.info.lines });
    } else if (item.name !== name || item.department.code !== deptCode || item.legalBasis !== basis) {
      issues.push({ path: [line, 'code'], code: 'inconsistent', message: `the item's name, department or legal basis differs from line ${item.line}` });
    } else {
      item.licences.push({ typeCode: type, fields: names });
    }
  }
  for (const item of items.values()) issues.push(...itemIssues(deps, item, [`item ${item.code} (line ${item.line})`]));
  if (issues.length) throw fieldError(issues);
  const saved: ServiceItem[] = [];
  for (const { line: _line, ...item } of items.values()) saved.push(await saveServiceItem(deps, item, actor));
  return saved;
}
