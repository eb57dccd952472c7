// Add or change a service item and its licence list (用证清单).
// Steps: every licence type on the list is one the platform has a template for, listed once →
// every field is one of that template's fields → store the item (replacing one of the same code)
// → audit. A list naming something that does not exist is refused with the offending entries.
import { ITEM_CODE } from '../../domain/licence-use.ts';
import type { ItemLicence, ServiceItem } from '../../domain/licence-use.ts';
import { fieldError } from '../licences/licence-deps.ts';
import type { FieldIssue } from '../licences/licence-deps.ts';
import type { LicenceUseDeps, UseAdminActor } from './licence-use-deps.ts';

export interface ServiceItemInput {
  code: string;
  name: string;
  department: { code: string; name: string };
  licences: ItemLicence[];
  legalBasis: string;
}

/** Problems of an item's list against the templates; empty when it is sound. */
export function itemIssues(deps: Pick<LicenceUseDeps, 'licences'>, input: ServiceItemInput, at: (string | number)[] = []): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const path = (...p: (string | number)[]) => [...at, ...p].map(String);
  if (!ITEM_CODE.test(input.code)) issues.push({ path: path('code'), code: 'invalid', message: 'an item code is 1 to 64 letters, digits, - or _' });
  if (input.licences.length === 0) issues.push({ path: path('licences'), code: 'empty', message: 'the list names no licence type' });
  const seen = new Set<string>();
  input.licences.forEach((l, i) => {
    const def = deps.licences.templates.get(l.typeCode)?.definition;
    if (seen.has(l.typeCode)) issues.push({ path: path('licences', i, 'typeCode'), code: 'duplicate', message: 'the type is listed twice' });
    seen.add(l.typeCode);
    if (!def) {
      issues.push({ path: path('licences', i, 'typeCode'), code: 'unknown_type', message: 'no licence type with this code' });
      return;
    }
    const names = new Set(def.fields.map((f) => f.name));
    l.fields.forEach((f, j) => {
      if (!names.has(f)) issues.push({ path: path('licences', i, 'fields', j), code: 'unknown_field', message: `no field ${f} in this licence type` });
    });
  });
  return issues;
}

export async function saveServiceItem(deps: LicenceUseDeps, input: ServiceItemInput, actor: UseAdminActor): Promise<ServiceItem> {
  const issues = itemIssues(deps, input);
  if (issues.length) throw fieldError(issues);
  const item: ServiceItem = {
    ...input, licences: input.licences.map((l) => ({ typeCode: l.typeCode, fields: [...new Set(l.fields)] })),
    updatedBy: actor.id, updatedAt: deps.clock.now().toISOString(),
  };
  await deps.items.saveItem(item);
  await deps.audit.append({
    actor: { id: actor.id, kind: actor.kind }, action: 'admin.service_item.save', object: item.code, outcome: 'success',
    clientIp: actor.clientIp ?? null, requestId: actor.requestId ?? null,
    details: { name: item.name, department: item.department.code, licences: item.licences },
  });
  return item;
}
