// The security administrator's roles pages: a search of staff with their roles, and one staff
// member's roles as checkboxes (business and administrative). Plain forms, no scripts.
import { ADMIN_ROLES, BUSINESS_ROLES } from '../../domain/account.ts';
import type { StaffSummary } from '../../services/staff/staff-deps.ts';
import { field, frame, hidden, scrollTable } from './admin-frame.ts';
import type { AdminView } from './admin-frame.ts';
import { esc, fill } from './html.ts';

export function rolesListPage(v: AdminView, list: { staff: StaffSummary[]; total: number }, q: { text?: string }): string {
  const a = v.a;
  const rows = list.staff.map((s) => `<tr><td>${esc(s.staffNumber)}</td><td>${esc(s.name)}</td><td>${esc(s.department.join(' / '))}</td><td>${esc(s.roles.map((r) => a.roleNames[r] ?? r).join(', '))}</td><td><a href="/admin/roles/${encodeURIComponent(s.id)}">${esc(a.edit)}<span class="skip"> ${esc(s.name)}</span></a></td></tr>`).join('');
  return frame(v, `<p>${esc(a.rolesIntro)}</p>
<form method="get" action="/admin/roles" class="card" role="search">
${field('r-q', a.searchText, `<input id="r-q" name="q" maxlength="64" value="${esc(q.text ?? '')}">`)}
<button type="submit">${esc(a.search)}</button></form>
<p>${fill(a.total, { n: String(list.total) })}</p>
${rows ? scrollTable(a.rolesPage, `<table class="staff stack"><thead><tr><th scope="col">${esc(a.staffNumber)}</th><th scope="col">${esc(a.personName)}</th><th scope="col">${esc(a.department)}</th><th scope="col">${esc(a.roles)}</th><th scope="col">${esc(a.actions)}</th></tr></thead><tbody>${rows}</tbody></table>`) : `<p>${esc(a.noStaff)}</p>`}`);
}

export function rolesRecordPage(v: AdminView, s: StaffSummary, self: boolean): string {
  const a = v.a;
  const box = (r: string) => `<label class="check"><input type="checkbox" name="roles" value="${esc(r)}"${s.roles.includes(r) ? ' checked' : ''}> ${esc(a.roleNames[r] ?? r)}</label>`;
  const form = self
    ? `<p id="roles-self">${esc(a.yourself)}</p>`
    : `<form method="post" action="/admin/roles/${encodeURIComponent(s.id)}">${hidden(v)}
<fieldset><legend>${esc(a.roles)}</legend>${BUSINESS_ROLES.map(box).join('')}</fieldset>
<fieldset><legend>${esc(a.adminRoles)}</legend>${ADMIN_ROLES.map(box).join('')}</fieldset>
<button type="submit">${esc(a.setRoles)}</button></form>`;
  return frame(v, `<p><a href="/admin/roles">${esc(a.backToRoles)}</a></p>
<dl class="card"><dt>${esc(a.staffNumber)}</dt><dd id="staff-number">${esc(s.staffNumber)}</dd><dt>${esc(a.personName)}</dt><dd>${esc(s.name)}</dd><dt>${esc(a.department)}</dt><dd>${esc(s.department.join(' / '))}</dd><dt>${esc(a.roles)}</dt><dd id="staff-roles">${esc(s.roles.map((r) => a.roleNames[r] ?? r).join(', '))}</dd></dl>
<section class="card">${form}</section>`);
}
