// The audit page at /admin/audit: the search form, the chain and checkpoint status, one page of
// results with a link to the next, and export links. Plain HTML forms and links, no scripts; the
// results table scrolls sideways on a wide screen and stacks into one card per record on a narrow
// one (admin-audit.css), so no column is squeezed to a character per line.
import type { AuditRecord } from '../../domain/audit-record.ts';
import type { AuditStatus } from '../../services/audit/audit-status.ts';
import type { AuditPage } from '../../services/audit/search-audit.ts';
import type { AuditFinding } from '../../services/audit/verify-audit-chain.ts';
import type { AuditLogReport } from '../../services/audit/verify-audit-log.ts';
import type { ValidationIssue } from '../parse.ts';
import type { AuditMessages } from './admin-audit-i18n.ts';
import { esc, fill, page } from './html.ts';
import type { PageOptions } from './html.ts';

/** The form's fields as given, shown again as typed. */
export type AuditForm = Partial<Record<'actor' | 'object' | 'action' | 'from' | 'to' | 'events', string>>;

export interface AuditView {
  o: PageOptions;
  m: AuditMessages;
  csrf: string;
  form: AuditForm;
  status: AuditStatus;
  issues?: ValidationIssue[];
  /** A page of results, and the query string of the search without its cursor (for links). */
  results?: { page: AuditPage; query: string; paged: boolean };
  report?: AuditLogReport;
}

const DETAILS_SHOWN = 300;

/** Beijing time (UTC+8) for display: `2026-12-05 21:03:07`. */
export function beijingTime(iso: string): string {
  const t = Date.parse(iso);
  return Number.isNaN(t) ? iso : new Date(t + 8 * 3600_000).toISOString().slice(0, 19).replace('T', ' ');
}

function statusSection(v: AuditView): string {
  const { m, status: s } = v;
  const problem = (f: AuditFinding | null) => (f ? `<span class="bad">${esc(m.broken)}: <code>${esc(f.reason)}</code> ${esc(f.message)}</span>` : null);
  const head = s.head.time ? fill(m.headValue, { seq: String(s.head.seq), time: beijingTime(s.head.time) }) : esc(m.empty);
  const cp = s.checkpoint
    ? fill(m.checkpointValue, { index: String(s.checkpoint.index ?? '-'), seq: String(s.checkpoint.seq), time: beijingTime(s.checkpoint.signedAt) })
    : esc(m.noCheckpoint);
  const tail = !s.tail.complete ? esc(m.tailSkipped) : problem(s.tail.firstBroken) ?? `<span class="good">${fill(m.tailOk, { n: String(s.tail.verified) })}</span>`;
  const rows: [string, string][] = [
    [m.head, head], [m.checkpoint, cp], [m.uncovered, String(s.uncovered)],
    [m.overdue, s.overdue ? `<span class="bad">${esc(m.yes)}</span>` : esc(m.no)],
    [m.checkpointChain, problem(s.checkpointChain.firstBroken) ?? `<span class="good">${fill(m.chainWhole, { n: String(s.checkpointChain.total) })}</span>`],
    [m.tail, tail],
  ];
  const report = v.report
    ? v.report.ok
      ? `<p class="notice" role="status">${fill(m.verifyOk, { n: String(v.report.verified) })}</p>`
      : `<div class="error" role="alert"><p>${fill(m.verifyBroken, { n: String(v.report.findings.length) })}</p><ul>${v.report.findings.map((f) => `<li><code>${esc(f.reason)}</code> ${esc(f.message)}</li>`).join('')}</ul></div>`
    : '';
  return `<section class="card" aria-labelledby="status-h"><h2 id="status-h">${esc(m.status)}</h2>
<dl class="status">${rows.map(([k, val]) => `<dt>${esc(k)}</dt><dd>${val}</dd>`).join('')}</dl>${report}
<form method="post" action="/admin/audit/verify"><input type="hidden" name="csrf" value="${esc(v.csrf)}"><p class="muted">${esc(m.verifyHint)}</p><button type="submit" class="secondary">${esc(m.verifyNow)}</button></form></section>`;
}

function searchForm(v: AuditView): string {
  const { m, form: f } = v;
  const input = (name: keyof AuditForm, label: string, type = 'text', max = 255) =>
    `<div class="field"><label for="q-${name}">${esc(label)}</label><input id="q-${name}" name="${name}" type="${type}" value="${esc(f[name] ?? '')}"${type === 'text' ? ` maxlength="${max}" autocomplete="off"` : ''}></div>`;
  const events = f.events ? `<input type="hidden" name="events" value="${esc(f.events)}">` : '';
  return `<form method="get" action="/admin/audit" class="card search" role="search" aria-labelledby="search-h"><h2 id="search-h">${esc(m.searchHeading)}</h2>
<input type="hidden" name="run" value="1">${events}
<div class="fields">${input('actor', m.actor, 'text', 128)}${input('object', m.object)}${input('action', m.action, 'text', 600)}${input('from', m.from, 'datetime-local')}${input('to', m.to, 'datetime-local')}</div>
<p class="muted">${esc(m.timeHint)}</p><button type="submit">${esc(m.search)}</button></form>`;
}

function row(m: AuditMessages, r: AuditRecord): string {
  const details = r.details.length > DETAILS_SHOWN ? `${r.details.slice(0, DETAILS_SHOWN)}…` : r.details;
  const more = r.details.length > DETAILS_SHOWN ? ` <span class="muted">${esc(m.detailsMore)}</span>` : '';
  const cell = (label: string, html: string, cls = '') => `<td data-label="${esc(label)}"${cls ? ` class="${cls}"` : ''}>${html}</td>`;
  return `<tr>${cell(m.cols.time, `<time datetime="${esc(r.time)}">${esc(beijingTime(r.time))}</time>`)}${cell(m.cols.seq, esc(r.seq), 'nowrap')}`
    + `${cell(m.cols.actor, `<span class="muted">${esc(r.actorKind)}</span> <code>${esc(r.actorId ?? '-')}</code>`)}${cell(m.cols.action, `<code>${esc(r.action)}</code>`)}`
    + `${cell(m.cols.object, `<code>${esc(r.object ?? '-')}</code>`)}${cell(m.cols.outcome, esc(m.outcomes[r.outcome] ?? r.outcome), `outcome-${esc(r.outcome)}`)}`
    + `${cell(m.cols.ip, esc(r.clientIp ?? '-'), 'nowrap')}${cell(m.cols.details, `<code class="details">${esc(details)}</code>${more}`)}</tr>`;
}

function resultsSection(v: AuditView): string {
  const { m } = v;
  const res = v.results;
  if (!res) return '';
  const { records, next } = res.page;
  const sep = res.query ? '&' : '';
  const exports = `<section class="card" aria-labelledby="export-h"><h2 id="export-h">${esc(m.export)}</h2><p class="muted">${esc(m.exportNote)}</p>
<p class="actions"><a class="button-link" href="/admin/audit/export?format=csv${sep}${esc(res.query)}" download>${esc(m.exportCsv)}</a> <a class="button-link" href="/admin/audit/export?format=jsonl${sep}${esc(res.query)}" download>${esc(m.exportJsonl)}</a></p></section>`;
  if (records.length === 0) return `<section class="card" aria-labelledby="results-h"><h2 id="results-h">${esc(m.results)}</h2><p role="status">${esc(m.noResults)}</p>${res.paged ? `<p><a href="/admin/audit?run=1${sep}${esc(res.query)}">${esc(m.first)}</a></p>` : ''}</section>`;
  const head = Object.values(m.cols).map((c) => `<th scope="col">${esc(c)}</th>`).join('');
  const links = [
    next ? `<a rel="next" href="/admin/audit?run=1${sep}${esc(res.query)}&amp;cursor=${esc(next)}">${esc(m.next)}</a>` : '',
    res.paged ? `<a href="/admin/audit?run=1${sep}${esc(res.query)}">${esc(m.first)}</a>` : '',
  ].filter(Boolean).join(' ');
  return `<section aria-labelledby="results-h"><h2 id="results-h">${esc(m.results)}</h2><p role="status">${fill(m.shown, { n: String(records.length) })}</p>
<div class="table-scroll" role="region" aria-label="${esc(m.resultsRegion)}" tabindex="0"><table class="audit"><thead><tr>${head}</tr></thead><tbody>${records.map((r) => row(m, r)).join('')}</tbody></table></div>
${links ? `<nav class="pager" aria-label="${esc(m.results)}">${links}</nav>` : ''}</section>${exports}`;
}

export function auditPage(v: AuditView): string {
  const { m } = v;
  const nav = `<nav class="admin-nav" aria-label="audit"><a href="/admin/audit"${v.form.events ? '' : ' aria-current="page"'}>${esc(m.title)}</a> <a href="/admin/audit?run=1&amp;events=sign-in"${v.form.events === 'sign-in' ? ' aria-current="page"' : ''}>${esc(m.signIns)}</a></nav>`;
  const issues = v.issues?.length
    ? `<div class="error" role="alert"><p>${esc(m.errors)}</p><ul>${v.issues.map((i) => `<li>${esc(i.path.join('.') || '-')}: <code>${esc(i.code)}</code> ${esc(i.message)}</li>`).join('')}</ul></div>`
    : '';
  return page(v.o, `<link rel="stylesheet" href="/static/admin.css"><link rel="stylesheet" href="/static/admin-audit.css">${nav}<h1>${esc(v.o.title)}</h1>${issues}${searchForm(v)}${resultsSection(v)}${statusSection(v)}`);
}
