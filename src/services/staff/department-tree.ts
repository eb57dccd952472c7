// The department tree as administrators see it, and the rules a change to it must keep: one
// city at the root, each kind only under the kinds that may contain it (domain/department.ts),
// and no department under itself or its own descendants.
import { mayContain } from '../../domain/department.ts';
import type { Department, DepartmentKind } from '../../domain/department.ts';
import { invalid } from './staff-deps.ts';

export interface DepartmentNode extends Department {
  children: DepartmentNode[];
}

/** The departments as nested nodes from the root(s), children ordered by name. */
export function treeOf(departments: readonly Department[]): DepartmentNode[] {
  const nodes = new Map(departments.map((d) => [d.id, { ...d, creditCode: d.creditCode ?? null, children: [] as DepartmentNode[] }]));
  const roots: DepartmentNode[] = [];
  for (const n of nodes.values()) {
    const parent = n.parentId ? nodes.get(n.parentId) : undefined;
    (parent ? parent.children : roots).push(n);
  }
  const sort = (list: DepartmentNode[]) => {
    list.sort((a, b) => a.name.localeCompare(b.name, 'zh') || a.id.localeCompare(b.id));
    list.forEach((n) => sort(n.children));
  };
  sort(roots);
  return roots;
}

/** The ids of `id` and every department below it. */
export function subtreeIds(id: string, departments: readonly Department[]): string[] {
  const out = [id];
  for (let i = 0; i < out.length; i++) out.push(...departments.filter((d) => d.parentId === out[i]).map((d) => d.id));
  return out;
}

/** Throws ERR_VALIDATION unless a department of `kind` (with `id`) may sit under `parentId`. */
export function checkPlacement(departments: readonly Department[], id: string, kind: DepartmentKind, parentId: string | null): void {
  if (parentId === null) {
    if (kind !== 'city') throw invalid({ path: ['parentId'], code: 'parent_required', message: 'only the city sits at the root' });
    if (departments.some((d) => d.parentId === null && d.id !== id)) throw invalid({ path: ['parentId'], code: 'root_exists', message: 'the tree already has its root' });
    return;
  }
  const parent = departments.find((d) => d.id === parentId);
  if (!parent) throw invalid({ path: ['parentId'], code: 'unknown_department', message: 'no such department' });
  if (subtreeIds(id, departments).includes(parentId)) throw invalid({ path: ['parentId'], code: 'cycle', message: 'a department cannot move under itself or its descendants' });
  if (!mayContain(parent.kind, kind)) throw invalid({ path: ['parentId'], code: 'kind_not_allowed', message: `a ${parent.kind} cannot contain a ${kind}` });
}
