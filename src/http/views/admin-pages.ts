// The staff directory admin pages: the department tree and the staff list and record. Plain
// forms (every one carries the page's CSRF token), no scripts; the shared frame and style sheet.
// Staff are added with business roles; every other role change is on the roles page.
import { BUSINESS_ROLES } from '../../domain/account.ts';
import type { Department } from '../../domain/department.ts';
import type { DepartmentNode } from '../../services/staff/department-tree.ts';
import type { Position, StaffSummary } from '../../services/staff/staff-deps.ts';
import { esc, fill } from './html.ts';
import { field, frame, hidden, scrollTable } from './admin-frame.ts';
import type { AdminView } from './admin-frame.ts';
import type { AdminMessages } from './admin-i18n.ts';
import { importJobMessages } from './import-job-i18n.ts';
import { uploadForm } from './import-job-view.ts';

export type { AdminView } from './admin-frame.ts';

const KINDS = ['city', 'bureau', 'division', 'district', 'county', 'office'];

function options(departments: readonly Department[], selected: string | null, first?: [string, string]): string {
  const opts = departments.map((d) => `<option value="${esc(d.id)}"${d.id === selected ? ' selected' : ''}>${esc(d.name)} (${esc(d.id)})</option>`).join('');
  return (first ? `<option value="${esc(first[0])}">${esc(first[1])}</option>` : '') + opts;
}

function treeList(nodes: DepartmentNode[], a: AdminMessages): string {
  if (!nodes.length) return '';
  return `<ul>${nodes.map((n) => `<li><a href="/admin/staff?departmentId=${encodeURIComponent(n.id)}">${esc(n.name)}</a> <span class="muted">${esc(a.kinds[n.kind] ?? n.kind)} · ${esc(n.id)}</span>${treeList(n.children, a)}</li>`).join('')}</ul>`;
}

export function departmentsPage(v: AdminView, tree: DepartmentNode[], departments: readonly Department[]): string {
  const a = v.a;
  return frame(v, `<section class="card" aria-labelledby="tree-h"><h2 id="tree-h">${esc(a.tree)}</h2><div class="tree">${treeList(tree, a)}</div></section>
<section class="card" aria-labelledby="add-h"><h2 id="add-h">${esc(a.addDepartment)}</h2>
<form method="post" action="/admin/departments">${hidden(v)}
${field('d-id', a.id, '<input id="d-id" name="id" required maxlength="64" autocomplete="off">')}
${field('d-name', a.name, '<input id="d-name" name="name" required maxlength="64">')}
${field('d-kind', a.kind, `<select id="d-kind" name="kind">${KINDS.map((k) => `<option value="${k}">${esc(a.kinds[k] ?? k)}</option>`).join('')}</select>`)}
${field('d-parent', a.parent, `<select id="d-parent" name="parentId">${options(departments, null, ['', a.none])}</select>`)}
<button type="submit">${esc(a.add)}</button></form></section>
<section class="card" aria-labelledby="move-h"><h2 id="move-h">${esc(a.moveOrRename)}</h2>
<form method="post" action="/admin/departments/change">${hidden(v)}
${field('m-id', a.department, `<select id="m-id" name="id">${options(departments, null)}</select>`)}
${field('m-name', a.newName, '<input id="m-name" name="name" maxlength="64">')}
${field('m-parent', a.parent, `<select id="m-parent" name="parentId">${options(departments, null, ['-', a.keep])}</select>`)}
<button type="submit">${esc(a.save)}</button></form></section>`);
}

function staffForm(v: AdminView, departments: readonly Department[], positions: readonly Position[], s: StaffSummary | null): string {
  const a = v.a;
  const checks = (name: string, values: readonly { id: string; label: string }[], chosen: readonly string[]) =>
    `<fieldset><legend>${esc(name === 'roles' ? a.roles : a.positions)}</legend>${values.map((x) =>
      `<label class="check"><input type="checkbox" name="${name}" value="${esc(x.id)}"${chosen.includes(x.id) ? ' checked' : ''}> ${esc(x.label)}</label>`).join('')}</fieldset>`;
  const p = s ? 'e' : 'n';
  return `<form method="post" action="${s ? `/admin/staff/${encodeURIComponent(s.id)}` : '/admin/staff'}">${hidden(v)}
${s ? '' : field(`${p}-number`, a.staffNumber, `<input id="${p}-number" name="staffNumber" required maxlength="32" autocomplete="off">`)}
${field(`${p}-name`, a.personName, `<input id="${p}-name" name="name" required maxlength="64" value="${esc(s?.name ?? '')}">`)}
${field(`${p}-dept`, a.department, `<select id="${p}-dept" name="departmentId">${options(departments, s?.departmentId ?? null)}</select>`)}
${checks('positions', positions.map((x) => ({ id: x.id, label: x.name })), s?.positions ?? [])}
${s ? `<p>${esc(a.roles)}: <span id="staff-roles">${esc(s.roles.map((r) => a.roleNames[r] ?? r).join(', '))}</span> <span class="muted">${esc(a.rolesBySecurity)}</span></p>` : checks('roles', BUSINESS_ROLES.map((r) => ({ id: r, label: a.roleNames[r] ?? r })), [])}
${s ? '' : field(`${p}-phone`, a.phone, `<input id="${p}-phone" name="phone" inputmode="numeric" maxlength="11">`)}
<button type="submit">${esc(s ? a.save : a.add)}</button></form>`;
}

export function staffListPage(
  v: AdminView,
  list: { staff: StaffSummary[]; total: number },
  q: { departmentId?: string; text?: string },
  departments: readonly Department[],
  positions: readonly Position[],
): string {
  const a = v.a;
  const t = importJobMessages(v.o.lang);
  const rows = list.staff.map((s) => `<tr><td>${esc(s.staffNumber)}</td><td>${esc(s.name)}</td><td>${esc(s.department.join(' / '))}</td><td>${esc(s.roles.map((r) => a.roleNames[r] ?? r).join(', '))}</td><td>${esc(s.status === 'active' ? a.active : a.disabled)}</td><td><a href="/admin/staff/${encodeURIComponent(s.id)}">${esc(a.open)}<span class="skip"> ${esc(s.name)}</span></a></td></tr>`).join('');
  return frame(v, `<form method="get" action="/admin/staff" class="card" role="search">
${field('s-dept', a.department, `<select id="s-dept" name="departmentId">${options(departments, q.departmentId ?? null, ['', '—'])}</select>`)}
${field('s-q', a.searchText, `<input id="s-q" name="q" maxlength="64" value="${esc(q.text ?? '')}">`)}
<button type="submit">${esc(a.search)}</button></form>
<p>${fill(a.total, { n: String(list.total) })}</p>
${rows ? scrollTable(a.staff, `<table class="staff stack"><thead><tr><th scope="col">${esc(a.staffNumber)}</th><th scope="col">${esc(a.personName)}</th><th scope="col">${esc(a.department)}</th><th scope="col">${esc(a.roles)}</th><th scope="col">${esc(a.status)}</th><th scope="col">${esc(a.actions)}</th></tr></thead><tbody>${rows}</tbody></table>`) : `<p>${esc(a.noStaff)}</p>`}
<section class="card" aria-labelledby="new-h"><h2 id="new-h">${esc(a.addStaff)}</h2>${staffForm(v, departments, positions, null)}</section>
<section class="card" aria-labelledby="import-h"><h2 id="import-h">${esc(t.staffHeading)}</h2><p>${esc(t.staffHint)}</p>
${uploadForm('/admin/staff/imports', v.csrf, t, 'staff-import')}</section>
<section class="card" aria-labelledby="pos-h"><h2 id="pos-h">${esc(a.positionList)}</h2>
<ul>${positions.map((x) => `<li>${esc(x.name)} <span class="muted">${esc(x.id)}</span></li>`).join('')}</ul>
<form method="post" action="/admin/positions">${hidden(v)}
${field('p-id', a.id, '<input id="p-id" name="id" required maxlength="64" autocomplete="off">')}
${field('p-name', a.name, '<input id="p-name" name="name" required maxlength="64">')}
<button type="submit">${esc(a.addPosition)}</button></form>
${positions.length ? `<form method="post" action="/admin/positions/change">${hidden(v)}
${field('rp-id', a.renamePosition, `<select id="rp-id" name="id">${positions.map((x) => `<option value="${esc(x.id)}">${esc(x.name)}</option>`).join('')}</select>`)}
${field('rp-name', a.newName, '<input id="rp-name" name="name" required maxlength="64">')}
<button type="submit">${esc(a.save)}</button></form>` : ''}</section>`);
}

export function staffRecordPage(v: AdminView, s: StaffSummary, departments: readonly Department[], positions: readonly Position[]): string {
  const a = v.a;
  const post = (path: string, label: string, cls = '') => `<form method="post" action="/admin/staff/${encodeURIComponent(s.id)}/${path}">${hidden(v)}<button type="submit"${cls ? ` class="${cls}"` : ''}>${esc(label)}</button></form>`;
  return frame(v, `<p><a href="/admin/staff">${esc(a.back)}</a></p>
<dl class="card"><dt>${esc(a.staffNumber)}</dt><dd id="staff-number">${esc(s.staffNumber)}</dd><dt>${esc(a.department)}</dt><dd>${esc(s.department.join(' / '))}</dd><dt>${esc(a.status)}</dt><dd id="staff-status">${esc(s.status === 'active' ? a.active : a.disabled)}</dd></dl>
<section class="card" aria-labelledby="edit-h"><h2 id="edit-h">${esc(a.edit)}</h2>${staffForm(v, departments, positions, s)}</section>
<div class="actions">${s.status === 'active' ? post('disable', a.disable, 'secondary') : post('enable', a.enable)}${post('password', a.resetPassword, 'secondary')}</div>`);
}
