// The seal pages of the administration console: a filtered table of seals with the application
// form (for seal keepers), and one seal's page with its details and image, approval (for seal
// approvers), suspend / resume / revoke with a reason, its grants with a form to end each, a grant
// form whose clerk is found by a staff search, its recent uses and status history. Plain forms
// that carry the page's CSRF token; no scripts. Each form is shown only to whom the use cases
// allow it (the route works that out); the use cases check again.
import { REVOCATION_REASONS, SEAL_KINDS, SEAL_STATUSES, grantActive } from '../../domain/seal.ts';
import type { Seal, SealEvent, SealGrant, SealStatus, SealUse } from '../../domain/seal.ts';
import type { StaffSummary } from '../../services/staff/staff-deps.ts';
import type { AdminSealsMessages } from './admin-seals-i18n.ts';
import { field, frame, hidden, scrollTable } from './admin-frame.ts';
import type { AdminView } from './admin-frame.ts';
import { esc, fill } from './html.ts';

export interface SealRow { seal: Seal; status: SealStatus }
export interface SealFilters { kind?: string; status?: string; departmentId?: string; text?: string }

const day = (iso: string | null) => (iso ? iso.slice(0, 10) : '');
const time = (iso: string | null) => (iso ? iso.replace('T', ' ').slice(0, 19) : '');
const option = (value: string, label: string, selected: string | undefined) => `<option value="${esc(value)}"${value === selected ? ' selected' : ''}>${esc(label)}</option>`;
const th = (labels: string[]) => `<thead><tr>${labels.map((l) => `<th scope="col">${esc(l)}</th>`).join('')}</tr></thead>`;

export function sealListPage(
  v: AdminView, m: AdminSealsMessages, rows: SealRow[], f: SealFilters,
  owners: { id: string; name: string }[], apply: { departmentId: string } | null,
): string {
  const body = rows.map(({ seal: s, status }) => `<tr><td>${esc(s.name)}</td><td>${esc(m.kinds[s.kind] ?? s.kind)}</td><td>${esc(s.owner.name)}</td><td class="seal-status">${esc(m.statuses[status] ?? status)}</td><td>${s.validStart ? `${esc(day(s.validStart))} – ${esc(day(s.validEnd))}` : esc(m.none_)}</td><td><a href="/admin/seals/${encodeURIComponent(s.id)}">${esc(m.open)}<span class="skip"> ${esc(s.name)}</span></a></td></tr>`).join('');
  const applyForm = apply === null ? '' : `<section class="card" aria-labelledby="apply-h"><h2 id="apply-h">${esc(m.applyHeading)}</h2>
<form method="post" action="/admin/seals" id="apply">${hidden(v)}<input type="hidden" name="departmentId" value="${esc(apply.departmentId)}">
${field('s-kind', m.applyKind, `<select id="s-kind" name="kind">${SEAL_KINDS.map((k) => option(k, m.kinds[k] ?? k, undefined)).join('')}</select>`)}
${field('s-years', m.applyYears, '<input id="s-years" name="validityYears" type="number" min="1" max="10" value="5" required>')}
${field('s-person', m.personName, '<input id="s-person" name="personName" maxlength="16">')}
<button type="submit">${esc(m.applySubmit)}</button></form></section>`;
  return frame(v, `<p>${esc(m.intro)}</p>
<form method="get" action="/admin/seals" class="card" role="search" aria-label="${esc(m.filters)}">
${field('f-kind', m.kind, `<select id="f-kind" name="kind">${option('', m.anyKind, f.kind ?? '')}${SEAL_KINDS.map((k) => option(k, m.kinds[k] ?? k, f.kind)).join('')}</select>`)}
${field('f-status', m.status, `<select id="f-status" name="status">${option('', m.anyStatus, f.status ?? '')}${SEAL_STATUSES.map((k) => option(k, m.statuses[k] ?? k, f.status)).join('')}</select>`)}
${field('f-dept', m.department, `<select id="f-dept" name="departmentId">${option('', m.anyDepartment, f.departmentId ?? '')}${owners.map((o) => option(o.id, o.name, f.departmentId)).join('')}</select>`)}
${field('f-q', m.nameText, `<input id="f-q" name="q" maxlength="64" value="${esc(f.text ?? '')}">`)}
<button type="submit">${esc(m.filter)}</button></form>
<h2 id="list-h">${esc(m.listHeading)}</h2>
${body ? scrollTable(m.listHeading, `<table class="staff" id="seals">${th([m.name, m.kind, m.department, m.status, m.validity, v.a.actions])}<tbody>${body}</tbody></table>`) : `<p id="no-seals">${esc(m.none)}</p>`}
${applyForm}`);
}

export interface SealRecord {
  seal: Seal;
  status: SealStatus;
  events: SealEvent[];
  grants: SealGrant[] | null;
  uses: SealUse[] | null;
  /** Display names of the accounts named on the page. */
  names: ReadonlyMap<string, string>;
  /** Staff found for the grant form, or null before a search. */
  found: StaffSummary[] | null;
  query: string;
  now: Date;
  may: { approve: boolean; ownApplication: boolean; suspend: boolean; resume: boolean; revoke: boolean; grant: boolean };
}

export function sealRecordPage(v: AdminView, m: AdminSealsMessages, r: SealRecord): string {
  const s = r.seal;
  const at = (path: string) => `/admin/seals/${encodeURIComponent(s.id)}${path}`;
  const who = (id: string | null) => (id === null ? m.none_ : r.names.get(id) ?? id);
  const reasonField = (p: string) => field(`${p}-reason`, m.reason, `<input id="${p}-reason" name="reason" maxlength="500" required>`);
  const image = s.image === null
    ? `<p>${esc(m.noImage)}</p>`
    : `<img class="seal-image" src="data:image/png;base64,${Buffer.from(s.image).toString('base64')}" alt="${fill(m.imageAlt, { name: s.name })}" width="160">`;
  const details = `<dl class="card"><dt>${esc(m.name)}</dt><dd id="seal-name">${esc(s.name)}</dd><dt>${esc(m.kind)}</dt><dd>${esc(m.kinds[s.kind] ?? s.kind)}</dd>
<dt>${esc(m.code)}</dt><dd>${s.code ? `<code>${esc(s.code)}</code>` : esc(m.none_)}</dd><dt>${esc(m.owner)}</dt><dd>${esc(s.owner.name)}</dd>
<dt>${esc(m.status)}</dt><dd id="seal-status">${esc(m.statuses[r.status] ?? r.status)}</dd><dt>${esc(m.validity)}</dt><dd>${s.validStart ? `${esc(day(s.validStart))} – ${esc(day(s.validEnd))}` : esc(m.none_)}</dd>
<dt>${esc(m.applicant)}</dt><dd>${esc(who(s.applicantId))}</dd><dt>${esc(m.approver)}</dt><dd>${esc(who(s.approverId))}</dd>
<dt>${esc(m.certificate)}</dt><dd>${s.certificateSerial ? `<code>${esc(s.certificateSerial)}</code>` : esc(m.none_)}</dd></dl>
<section class="card" aria-labelledby="image-h"><h2 id="image-h">${esc(m.image)}</h2>${image}</section>`;

  const approve = r.may.approve
    ? `<section class="card" aria-labelledby="approve-h"><h2 id="approve-h">${esc(m.approveHeading)}</h2>
<form method="post" action="${at('/approve')}" id="approve">${hidden(v)}${field('a-reason', m.approveReason, '<input id="a-reason" name="reason" maxlength="500" required>')}
<button type="submit">${esc(m.approve)}</button></form></section>`
    : r.may.ownApplication ? `<p class="card" id="own-application">${esc(m.ownApplication)}</p>` : '';

  const life = [
    r.may.suspend ? `<form method="post" action="${at('/suspend')}" id="suspend">${hidden(v)}${reasonField('su')}<button type="submit" class="secondary">${esc(m.suspend)}</button></form>` : '',
    r.may.resume ? `<form method="post" action="${at('/resume')}" id="resume">${hidden(v)}${reasonField('re')}<button type="submit">${esc(m.resume)}</button></form>` : '',
    r.may.revoke ? `<form method="post" action="${at('/revoke')}" id="revoke">${hidden(v)}${reasonField('rv')}
${field('rv-code', m.revocationReason, `<select id="rv-code" name="revocationReason">${REVOCATION_REASONS.map((x) => option(x, m.revocationReasons[x] ?? x, 'unspecified')).join('')}</select>`)}
<button type="submit" class="secondary">${esc(m.revoke)}</button></form>` : '',
  ].filter(Boolean);
  const lifecycle = life.length ? `<section class="card" aria-labelledby="life-h"><h2 id="life-h">${esc(m.lifecycleHeading)}</h2>${life.join('<hr>')}</section>` : '';

  const grantRows = (r.grants ?? []).map((g) => {
    const end = grantActive(g, r.now) ? `<form method="post" action="${at(`/grants/${encodeURIComponent(g.id)}/end`)}">${hidden(v)}<button type="submit" class="secondary">${esc(m.endGrant)}<span class="skip"> ${esc(who(g.accountId))}</span></button></form>` : esc(m.grantEnded);
    return `<tr><td>${esc(who(g.accountId))}</td><td>${esc(who(g.grantedBy))}</td><td>${esc(time(g.grantedAt))}</td><td>${esc(time(g.expiresAt) || m.none_)}</td><td>${esc(time(g.endedAt) || m.none_)}</td><td>${end}</td></tr>`;
  }).join('');
  const grants = r.grants === null ? '' : `<section class="card"><h2 id="grants-h">${esc(m.grantsHeading)}</h2>
${grantRows ? scrollTable(m.grantsHeading, `<table class="staff" id="grants">${th([m.grantee, m.grantedBy, m.grantedAt, m.expiresAt, m.endedAt, v.a.actions])}<tbody>${grantRows}</tbody></table>`) : `<p>${esc(m.noGrants)}</p>`}
${grantForm(v, m, r, at)}</section>`;

  const useRows = (r.uses ?? []).map((u) => `<tr><td>${esc(time(u.at))}</td><td>${esc(who(u.accountId))}</td><td><code>${esc(u.documentSm3)}</code></td><td>${esc(u.reason)}</td></tr>`).join('');
  const uses = r.uses === null ? '' : `<section class="card"><h2 id="uses-h">${esc(m.usesHeading)}</h2>
${useRows ? scrollTable(m.usesHeading, `<table class="staff" id="uses">${th([m.usedAt, m.usedBy, m.documentSm3, m.useReason])}<tbody>${useRows}</tbody></table>`) : `<p>${esc(m.noUses)}</p>`}</section>`;

  const eventRows = [...r.events].reverse().map((e) => `<tr><td>${esc(time(e.at))}</td><td>${esc(m.statuses[e.to] ?? e.to)}</td><td>${esc(who(e.actorId))}</td><td>${esc(e.reason)}${e.revocationReason ? ` (${esc(m.revocationReasons[e.revocationReason] ?? e.revocationReason)})` : ''}</td></tr>`).join('');
  const events = `<section class="card"><h2 id="events-h">${esc(m.eventsHeading)}</h2>
${scrollTable(m.eventsHeading, `<table class="staff" id="events">${th([m.eventAt, m.eventTo, m.eventBy, m.eventReason])}<tbody>${eventRows}</tbody></table>`)}</section>`;

  return frame(v, `<p><a href="/admin/seals">${esc(m.back)}</a></p>${details}${approve}${lifecycle}${grants}${uses}${events}`);
}

/** Find a clerk of the seal's department (a GET that stays on this page), then grant from the results. */
function grantForm(v: AdminView, m: AdminSealsMessages, r: SealRecord, at: (path: string) => string): string {
  if (!r.may.grant) return '';
  if (r.seal.owner.kind === 'legal_person') return `<p>${esc(m.legalPersonGrant)}</p>`;
  if (r.status !== 'active') return `<p>${esc(m.grantOnlyActive)}</p>`;
  const search = `<h3 id="grant-h">${esc(m.grantHeading)}</h3>
<form method="get" action="${at('')}" role="search" aria-labelledby="grant-h">
${field('g-q', m.findClerk, `<input id="g-q" name="q" maxlength="64" required value="${esc(r.query)}">`)}
<button type="submit">${esc(m.find)}</button></form>`;
  if (r.found === null) return search;
  if (r.found.length === 0) return `${search}<p id="no-match">${esc(m.noMatch)}</p>`;
  const rows = r.found.map((p, i) => `<tr><td>${esc(p.staffNumber)}</td><td>${esc(p.name)}</td><td>${esc(p.roles.map((x) => v.a.roleNames[x] ?? x).join(', '))}</td><td>
<form method="post" action="${at('/grants')}" class="grant-one">${hidden(v)}<input type="hidden" name="accountId" value="${esc(p.id)}">
<label for="g-exp-${i}">${esc(m.grantExpires)}<span class="skip"> ${esc(p.name)}</span></label><input id="g-exp-${i}" name="expiresAt" type="datetime-local">
<button type="submit">${esc(m.grant)}<span class="skip"> ${esc(p.name)}</span></button></form></td></tr>`).join('');
  return `${search}${scrollTable(m.grantHeading, `<table class="staff" id="found">${th([m.staffNumber, m.grantee, m.roles, v.a.actions])}<tbody>${rows}</tbody></table>`)}`;
}
