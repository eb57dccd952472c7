// Departments form a tree: the city at the root, then bureaus, divisions, and the counties and
// districts with their own offices.

export type DepartmentKind = 'city' | 'bureau' | 'division' | 'district' | 'county' | 'office';

export interface Department {
  id: string;
  parentId: string | null;
  name: string;
  kind: DepartmentKind;
  /** Unified social credit code (GB 32100), for departments that issue licences. */
  creditCode?: string | null;
}

/** Which kinds may sit directly under which: keeps the tree shaped like the city's structure. */
const CHILDREN: Record<DepartmentKind, DepartmentKind[]> = {
  city: ['bureau', 'district', 'county'],
  bureau: ['division', 'office'],
  division: ['office'],
  district: ['bureau', 'office'],
  county: ['bureau', 'office'],
  office: [],
};

export function mayContain(parent: DepartmentKind, child: DepartmentKind): boolean {
  return CHILDREN[parent].includes(child);
}

/** Names from the root down to `id`, e.g. ['某市', '市场监督管理局', '登记注册处']. */
export function departmentPath(id: string, byId: ReadonlyMap<string, Department>): string[] {
  const path: string[] = [];
  const seen = new Set<string>();
  for (let d = byId.get(id); d && !seen.has(d.id); d = d.parentId ? byId.get(d.parentId) : undefined) {
    seen.add(d.id);
    path.unshift(d.name);
  }
  return path;
}
