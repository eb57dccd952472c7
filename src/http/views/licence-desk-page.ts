// The licence desk's pages: find licences (a search form and a paged table that scrolls sideways
// when narrow), issue one from its template's form (the fields the template defines, each with its
// own error), upload a CSV file, and one licence's page (status, content, versions, history, who
// verified it, downloads, status changes with a reason). Plain forms carrying the CSRF token.
import type { LicenceEvent } from '../../domain/licence.ts';
import { allowedFrom } from '../../domain/licence.ts';
import type { LicenceData, LicenceDefinition, LicenceFieldDefinition } from '../../domain/licence-template.ts';
import type { LicenceCheck } from '../../services/licences/list-licence-checks.ts';
import type { LicenceView } from '../../services/licences/licence-view.ts';
import { field, frame, hidden, scrollTable } from './admin-frame.ts';
import { esc, fill } from './html.ts';
import type { ImportJobMessages } from './import-job-i18n.ts';
import { uploadForm } from './import-job-view.ts';
import type { AdminView } from './admin-frame.ts';
import type { LicenceDeskMessages } from './licence-desk-i18n.ts';

/** A desk page's view: the console frame's view with the desk's words. */
export interface DeskView extends AdminView {
  m: LicenceDeskMessages;
  /** The issuing department. */
  issuer: { code: string; name: string };
}

const DESK = '/desk/licences';
export const DESK_ACTIONS = ['suspend', 'resume', 'withdraw', 'transfer', 'revoke', 'cancel'] as const;
const STATUSES = ['valid', 'suspended', 'withdrawn', 'cancelled', 'expired', 'transferred', 'revoked', 'superseded'] as const;

export interface LicenceSearchForm { identifier?: string; holder?: string; typeCode?: string; status?: string; page: number }

const option = (value: string, label: string, selected: string | undefined) => `<option value="${esc(value)}"${value === selected ? ' selected' : ''}>${esc(label)}</option>`;
const day = (iso: string) => iso.replace('T', ' ').slice(0, 19);
const validity = (v: DeskView, l: LicenceView) => `${l.validFrom} – ${l.validUntil ?? v.m.longTerm}`;
const statusText = (v: DeskView, status: string) => v.m.statuses[status] ?? status;

export function licenceListPage(v: DeskView, types: readonly LicenceDefinition[], q: LicenceSearchForm, found: { licences: LicenceView[]; total: number }, pageSize: number): string {
  const m = v.m;
  const from = (q.page - 1) * pageSize;
  const link = (page: number) => {
    const p = new URLSearchParams();
    for (const k of ['identifier', 'holder', 'typeCode', 'status'] as const) if (q[k]) p.set(k, q[k] as string);
    p.set('page', String(page));
    return `${DESK}?${p.toString()}`;
  };
  const rows = found.licences.map((l) => `<tr><td><code>${esc(l.identifier)}</code></td><td>${esc(l.typeName ?? l.typeCode)}</td><td>${esc(l.holderNameMasked)}</td><td>${l.version}</td><td>${esc(statusText(v, l.status))}</td><td>${esc(validity(v, l))}</td><td>${esc(day(l.issuedAt))}</td><td><a href="${DESK}/${esc(l.id)}">${esc(m.open)}<span class="skip"> ${esc(l.identifier)}</span></a></td></tr>`).join('');
  const pager = `<nav class="pager" aria-label="${esc(m.results)}">${q.page > 1 ? `<a href="${esc(link(q.page - 1))}" rel="prev">${esc(m.prev)}</a>` : ''} ${from + pageSize < found.total ? `<a href="${esc(link(q.page + 1))}" rel="next">${esc(m.next)}</a>` : ''}</nav>`;
  return frame(v, `<p class="muted">${esc(v.issuer.name)} <code>${esc(v.issuer.code)}</code></p>
<section class="card" aria-labelledby="search-h"><h2 id="search-h">${esc(m.searchHeading)}</h2>
<form method="get" action="${DESK}" id="search">
${field('q-identifier', m.identifier, `<input id="q-identifier" name="identifier" maxlength="128" value="${esc(q.identifier ?? '')}">`)}
${field('q-holder', m.holder, `<input id="q-holder" name="holder" maxlength="18" autocomplete="off" value="${esc(q.holder ?? '')}">`)}
${field('q-type', m.type, `<select id="q-type" name="typeCode">${option('', m.any, q.typeCode ?? '')}${types.map((t) => option(t.typeCode, t.name, q.typeCode)).join('')}</select>`)}
${field('q-status', m.status, `<select id="q-status" name="status">${option('', m.any, q.status ?? '')}${STATUSES.map((s) => option(s, statusText(v, s), q.status)).join('')}</select>`)}
<button type="submit">${esc(m.search)}</button></form></section>
<h2 id="results-h">${esc(m.results)}</h2>
${rows ? `<p id="results-total">${fill(m.total, { total: String(found.total), from: String(from + 1), to: String(from + found.licences.length) })}</p>
${scrollTable(m.results, `<table class="staff" id="licences"><thead><tr><th scope="col">${esc(m.identifier)}</th><th scope="col">${esc(m.type)}</th><th scope="col">${esc(m.holderName)}</th><th scope="col">${esc(m.version)}</th><th scope="col">${esc(m.status)}</th><th scope="col">${esc(m.validity)}</th><th scope="col">${esc(m.issuedAt)}</th><th scope="col">${esc(v.a.actions)}</th></tr></thead><tbody>${rows}</tbody></table>`)}
${pager}` : `<p>${esc(m.none)}</p>`}`);
}

/** The input of one template field; `error` is its issue's message (then described and marked invalid). */
function fieldInput(f: LicenceFieldDefinition, value: string, error: string | undefined, m: DeskView['m'], keepPhoto = false): string {
  const id = `f-${f.name}`;
  const described = error ? ` aria-invalid="true" aria-describedby="${id}-error"` : '';
  const req = f.required ? ' required' : '';
  const label = `${f.label}${f.required ? '' : m.optional}`;
  let input: string;
  switch (f.type) {
    case 'date': input = `<input id="${id}" name="d_${f.name}" type="date" value="${esc(value)}"${req}${described}>`; break;
    case 'enum': input = `<select id="${id}" name="d_${f.name}"${req}${described}>${f.required ? '' : option('', '', value)}${(f.options ?? []).map((o) => option(o, o, value)).join('')}</select>`; break;
    // On a change form a photo left empty keeps the current one, so it is never required there.
    case 'image': input = `<input id="${id}" name="d_${f.name}" type="file" accept="image/png,image/jpeg"${keepPhoto ? '' : req}${described}><span class="muted">${esc(keepPhoto ? m.keepPhotoHint : m.photoHint)}</span>`; break;
    case 'credit-code': case 'resident-id': input = `<input id="${id}" name="d_${f.name}" maxlength="18" autocomplete="off" value="${esc(value)}"${req}${described}>`; break;
    default: input = (f.maxLength ?? 200) > 200
      ? `<textarea id="${id}" name="d_${f.name}" rows="3" maxlength="${f.maxLength}"${req}${described}>${esc(value)}</textarea>`
      : `<input id="${id}" name="d_${f.name}" maxlength="${f.maxLength ?? 200}" value="${esc(value)}"${req}${described}>`;
  }
  return `${field(id, label, input)}${error ? `<p id="${id}-error" class="field-error">${esc(error)}</p>` : ''}`;
}

/** The template's fields of a form, each with its issue (`data.FIELD`) beside it. */
function templateFields(def: LicenceDefinition, values: Record<string, string>, errorOf: (path: string) => string | undefined, m: DeskView['m'], keepPhoto = false): string {
  return def.fields.map((f) => fieldInput(f, values[f.name] ?? '', errorOf(`data.${f.name}`), m, keepPhoto)).join('\n');
}

/** The problem of the field at `path`, in the page's language when its code is known. */
function fieldError(v: DeskView, path: string): string | undefined {
  const issue = v.issues?.find((i) => i.path.join('.') === path);
  return issue === undefined ? undefined : (issue.code ? v.m.fieldCodes[issue.code] : undefined) ?? issue.message;
}

/** A plain input named `name` (id f-NAME) with its issue beside it. */
function plainInput(name: string, label: string, attrs: string, value: string, error: string | undefined): string {
  const id = `f-${name}`;
  const described = error ? ` aria-invalid="true" aria-describedby="${id}-error"` : '';
  return `${field(id, label, `<input id="${id}" name="${name}" ${attrs} value="${esc(value)}"${described}>`)}${error ? `<p id="${id}-error" class="field-error">${esc(error)}</p>` : ''}`;
}

export function issuePage(v: DeskView, types: readonly LicenceDefinition[], chosen: LicenceDefinition | null, values: Record<string, string>, key: string): string {
  const m = v.m;
  const errorOf = (path: string) => fieldError(v, path);
  const choose = `<form method="get" action="${DESK}/new" id="choose">${field('type', m.chooseType, `<select id="type" name="type">${types.map((t) => option(t.typeCode, `${t.name}（${t.typeCode}）`, chosen?.typeCode)).join('')}</select>`)}<button type="submit" class="secondary">${esc(m.choose)}</button></form>`;
  const form = chosen === null ? '' : `<section class="card" aria-labelledby="issue-h"><h2 id="issue-h">${esc(chosen.name)} <code>${esc(chosen.typeCode)}</code></h2>
${v.issues?.length ? `<p class="error">${esc(m.fieldErrors)}</p>` : ''}
<form method="post" action="${DESK}/new" enctype="multipart/form-data" id="issue">${hidden(v)}
<input type="hidden" name="typeCode" value="${esc(chosen.typeCode)}"><input type="hidden" name="key" value="${esc(key)}">
${templateFields(chosen, values, errorOf, m)}
${plainInput('validFrom', m.validFrom, 'type="date"', values.validFrom ?? '', errorOf('validFrom'))}
<button type="submit">${esc(m.issueSubmit)}</button></form></section>`;
  return frame(v, `${choose}${form}`);
}

/**
 * The change (变更) or renewal (延续) form of a valid licence: a change shows the template's fields
 * filled with the licence's content (a photo left empty keeps the current one); a renewal asks for
 * the new period's first day, with the same fields folded away for a renewal that also changes
 * the content. Both take a reason and carry an idempotency key.
 */
export function changePage(v: DeskView, kind: 'change' | 'renew', l: LicenceView, def: LicenceDefinition | null, values: Record<string, string>, key: string): string {
  const m = v.m;
  const errorOf = (path: string) => fieldError(v, path);
  const at = `${DESK}/${encodeURIComponent(l.id)}`;
  const content = def ? templateFields(def, values, errorOf, m, true) : '';
  // A renewal keeps the content unless its folded fields are edited.
  const dataIssue = v.issues?.some((i) => i.path[0] === 'data') ?? false;
  const fields = kind === 'change'
    ? `${content}\n${plainInput('validFrom', m.validFrom, 'type="date"', values.validFrom ?? '', errorOf('validFrom'))}`
    : `${plainInput('validFrom', m.renewFrom, 'type="date" required', values.validFrom ?? '', errorOf('validFrom'))}
${content ? `<details id="renew-data"${dataIssue ? ' open' : ''}><summary>${esc(m.renewData)}</summary>${content}</details>` : ''}`;
  return frame(v, `<p><a href="${at}">${esc(m.backToLicence)}</a></p>
<p class="muted"><code class="wrap">${esc(l.identifier)}</code> · ${esc(l.typeName ?? l.typeCode)} · ${esc(m.version)} ${l.version} · ${esc(validity(v, l))}</p>
<section class="card" aria-labelledby="${kind}-h"><h2 id="${kind}-h">${esc(kind === 'change' ? m.changeHeading : m.renewHeading)}</h2>
${v.issues?.length ? `<p class="error">${esc(m.fieldErrors)}</p>` : ''}
<form method="post" action="${at}/${kind}" enctype="multipart/form-data" id="${kind}">${hidden(v)}<input type="hidden" name="key" value="${esc(key)}">
${fields}
${plainInput('reason', m.changeReason, 'maxlength="200"', values.reason ?? '', errorOf('reason'))}
<button type="submit">${esc(kind === 'change' ? m.changeSubmit : m.renewSubmit)}</button></form></section>`);
}

export function importPage(v: DeskView, t: ImportJobMessages, types: readonly LicenceDefinition[]): string {
  const m = v.m;
  const columns = types.map((d) => `<li>${fill(m.columns, { name: d.name, code: d.typeCode })} <code>key,typeCode,validFrom,${esc(d.fields.map((f) => f.name).join(','))}</code></li>`).join('');
  return frame(v, `<section class="card" aria-labelledby="import-h"><h2 id="import-h">${esc(m.importHeading)}</h2>
<p id="import-hint">${esc(m.importHint)}</p><ul class="columns">${columns}</ul>
${uploadForm(`${DESK}/imports`, v.csrf, t, 'upload')}</section>`);
}

export interface LicenceRecordData {
  licence: LicenceView;
  definition: LicenceDefinition | null;
  data: LicenceData;
  history: readonly LicenceEvent[];
  versions: readonly LicenceView[];
  checks: readonly LicenceCheck[];
}

export function licenceRecordPage(v: DeskView, d: LicenceRecordData): string {
  const m = v.m;
  const l = d.licence;
  const at = (path: string) => `${DESK}/${encodeURIComponent(l.id)}${path}`;
  const labels = new Map((d.definition?.fields ?? []).map((f) => [f.name, f]));
  // In the template's order; fields the template no longer names follow.
  const order = [...labels.keys(), ...Object.keys(d.data).filter((k) => !labels.has(k))];
  const content = order.filter((k) => d.data[k] !== undefined && labels.get(k)?.type !== 'image')
    .map((k) => `<dt>${esc(labels.get(k)?.label ?? k)}</dt><dd>${esc(d.data[k])}</dd>`).join('');
  const versions = d.versions.map((x) => `<tr><td>${x.version}${x.id === l.id ? esc(m.thisVersion) : ''}</td><td>${x.id === l.id ? `<code>${esc(x.identifier)}</code>` : `<a href="${DESK}/${esc(x.id)}"><code>${esc(x.identifier)}</code></a>`}</td><td>${esc(statusText(v, x.status))}</td><td>${esc(validity(v, x))}</td><td>${esc(day(x.issuedAt))}</td></tr>`).join('');
  const history = d.history.map((e) => `<tr><td>${esc(m.events[e.kind] ?? e.kind)}</td><td>${esc(e.fromStatus ? statusText(v, e.fromStatus) : '-')} → ${esc(statusText(v, e.toStatus))}</td><td>${esc(day(e.effectiveAt))}</td><td>${esc(day(e.recordedAt))}</td><td>${esc(e.reason ?? '-')}</td><td><code>${esc(e.actorId ?? '-')}</code></td></tr>`).join('');
  const checks = d.checks.map((c) => `<tr><td>${esc(day(c.at))}</td><td>${esc(c.channel ?? '-')}</td><td>${c.verifierKind === 'app' ? `<code>${esc(c.verifier)}</code>` : esc(m.publicVerifier)}</td><td>${esc(c.result ?? '-')}</td></tr>`).join('');
  // A change or renewal supersedes this version: offered where that is allowed.
  const versionLinks = allowedFrom('supersede').includes(l.status as never)
    ? `<p class="new-version"><a href="${at('/change')}" id="link-change">${esc(m.changeLink)}</a> <a href="${at('/renew')}" id="link-renew">${esc(m.renewLink)}</a></p>` : '';
  const possible = DESK_ACTIONS.filter((a) => allowedFrom(a).includes(l.status as never));
  const actions = possible.map((a) => `<form method="post" action="${at(`/${a}`)}" class="status-change" id="do-${a}">${hidden(v)}
${field(`${a}-reason`, `${m.actions[a]}：${m.actionReason}`, `<input id="${a}-reason" name="reason" maxlength="200" required>`)}
<button type="submit"${a === 'resume' ? '' : ' class="secondary"'}>${esc(m.actions[a])}</button></form>`).join('');
  return frame(v, `<p><a href="${DESK}">${esc(m.back)}</a></p>
<dl class="card" aria-label="${esc(m.details)}"><dt>${esc(m.identifier)}</dt><dd><code id="licence-identifier" class="wrap">${esc(l.identifier)}</code></dd>
<dt>${esc(m.type)}</dt><dd>${esc(l.typeName ?? l.typeCode)} <code>${esc(l.typeCode)}</code></dd>
<dt>${esc(m.statusNow)}</dt><dd id="licence-status">${esc(statusText(v, l.status))}</dd>
<dt>${esc(m.holderName)}</dt><dd>${esc(l.holderNameMasked)}</dd>
<dt>${esc(m.version)}</dt><dd>${l.version}</dd>
<dt>${esc(m.validity)}</dt><dd>${esc(validity(v, l))}</dd>
<dt>${esc(m.issuer)}</dt><dd>${esc(l.issuer.name)}</dd>
<dt>${esc(m.verificationUrl)}</dt><dd><code class="wrap">${esc(l.verificationUrl)}</code></dd></dl>
<section class="card" aria-labelledby="downloads-h"><h2 id="downloads-h">${esc(m.downloads)}</h2>
<p><a href="${at('/pdf')}" download id="download-pdf">${esc(m.pdf)}</a></p><p><a href="${at('/ofd')}" download id="download-ofd">${esc(m.ofd)}</a></p></section>
<section class="card" aria-labelledby="actions-h"><h2 id="actions-h">${esc(m.actionsHeading)}</h2>${versionLinks}${actions || `<p>${esc(m.noActions)}</p>`}</section>
<section class="card" aria-labelledby="data-h"><h2 id="data-h">${esc(m.data)}</h2><dl>${content}</dl></section>
<div class="card"><h2 id="versions-h">${esc(m.versions)}</h2>
${scrollTable(m.versions, `<table class="staff" id="versions"><thead><tr><th scope="col">${esc(m.version)}</th><th scope="col">${esc(m.identifier)}</th><th scope="col">${esc(m.status)}</th><th scope="col">${esc(m.validity)}</th><th scope="col">${esc(m.issuedAt)}</th></tr></thead><tbody>${versions}</tbody></table>`)}</div>
<div class="card"><h2 id="history-h">${esc(m.history)}</h2>
${scrollTable(m.history, `<table class="staff" id="history"><thead><tr><th scope="col">${esc(m.event)}</th><th scope="col">${esc(m.status)}</th><th scope="col">${esc(m.when)}</th><th scope="col">${esc(m.recorded)}</th><th scope="col">${esc(m.reason)}</th><th scope="col">${esc(m.actor)}</th></tr></thead><tbody>${history}</tbody></table>`)}</div>
<div class="card"><h2 id="checks-h">${esc(m.checks)}</h2>
${checks ? scrollTable(m.checks, `<table class="staff" id="checks"><thead><tr><th scope="col">${esc(m.when)}</th><th scope="col">${esc(m.channel)}</th><th scope="col">${esc(m.verifier)}</th><th scope="col">${esc(m.result)}</th></tr></thead><tbody>${checks}</tbody></table>`) : `<p>${esc(m.noChecks)}</p>`}</div>`);
}
