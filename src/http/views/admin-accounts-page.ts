// The security administrator's accounts pages (/admin/accounts: citizens and legal persons) and
// sessions pages (/admin/sessions: any account): a search form posted (an ID number never in a
// URL), the masked results, and one account's page with its facts, its sign-in sessions to end
// and, by page, its status and credential resets or its lockout. Plain forms with the page's CSRF
// token; no scripts. Tables scroll sideways when narrow.
import type { MaskedAccount, MaskedSession } from '../../services/accounts/account-admin-deps.ts';
import type { AdminAccountsMessages } from './admin-accounts-i18n.ts';
import { field, frame, hidden, scrollTable } from './admin-frame.ts';
import type { AdminView } from './admin-frame.ts';
import { esc } from './html.ts';
import { deviceName, isoOf, when } from './account/when.ts';

export type Mode = 'accounts' | 'sessions';
const base = (mode: Mode) => `/admin/${mode}`;
const BY: Record<Mode, string[]> = { accounts: ['phone', 'idNumber', 'creditCode'], sessions: ['phone', 'idNumber', 'creditCode', 'staffNumber'] };
const fill = (text: string, values: Record<string, number>) => text.replace(/\{(\w+)\}/g, (_, k: string) => String(values[k] ?? ''));
export const notice = fill;

/** The name, identifiers and status columns' cells of an account. */
const identifiers = (m: AdminAccountsMessages, a: MaskedAccount) =>
  [a.phone, a.idNumber && `${a.idNumber}${a.idNumberChecked ? '' : m.idUnchecked}`, a.creditCode, a.staffNumber].filter(Boolean).join(' / ') || '-';

export function accountSearchPage(v: AdminView, m: AdminAccountsMessages, mode: Mode, found: MaskedAccount[] | null, query: { by?: string }): string {
  const by = query.by ?? 'phone';
  const options = BY[mode].map((b) => `<option value="${b}"${b === by ? ' selected' : ''}>${esc(m.byNames[b] ?? b)}</option>`).join('');
  const rows = (found ?? []).map((a) => `<tr><td>${esc(m.kinds[a.kind] ?? a.kind)}</td><td>${esc(a.name)}</td><td>${esc(identifiers(m, a))}</td><td>${esc(m.statuses[a.status] ?? a.status)}</td><td>${esc(a.assurance)}</td><td><a href="${base(mode)}/${encodeURIComponent(a.id)}">${esc(m.open)}<span class="skip"> ${esc(a.name)}</span></a></td></tr>`).join('');
  const results = found === null ? '' : `<section><h2 id="results-h">${esc(m.results)}</h2>
${rows ? scrollTable(m.results, `<table class="staff" id="accounts"><thead><tr><th scope="col">${esc(m.kind)}</th><th scope="col">${esc(m.name)}</th><th scope="col">${esc(m.byNames.phone)} / ${esc(m.idNumber)} / ${esc(m.creditCode)}${mode === 'sessions' ? ` / ${esc(m.staffNumber)}` : ''}</th><th scope="col">${esc(m.status)}</th><th scope="col">${esc(m.assurance)}</th><th scope="col">${esc(v.a.actions)}</th></tr></thead><tbody>${rows}</tbody></table>`) : `<p id="no-results">${esc(m.noResults)}</p>`}</section>`;
  return frame(v, `<p>${esc(mode === 'accounts' ? m.accountsIntro : m.sessionsIntro)}</p>
<section class="card" aria-labelledby="search-h"><h2 id="search-h">${esc(m.searchHeading)}</h2>
<form method="post" action="${base(mode)}/search" id="search">${hidden(v)}
${field('s-by', m.by, `<select id="s-by" name="by">${options}</select>`)}
${field('s-value', m.value, '<input id="s-value" name="value" required maxlength="64" autocomplete="off" spellcheck="false">')}
<button type="submit">${esc(m.search)}</button></form></section>
${results}`);
}

function facts(m: AdminAccountsMessages, a: MaskedAccount): string {
  const row = (label: string, value: string, id?: string) => `<dt>${esc(label)}</dt><dd${id ? ` id="${id}"` : ''}>${esc(value)}</dd>`;
  return `<dl class="card" aria-label="${esc(m.accountHeading)}">
${row(m.kind, m.kinds[a.kind] ?? a.kind)}${row(m.name, a.name, 'account-name')}
${a.phone ? row(m.phone, a.phone, 'account-phone') : ''}${a.idNumber ? row(m.idNumber, `${a.idNumber}${a.idNumberChecked ? '' : m.idUnchecked}`, 'account-id-number') : ''}
${a.creditCode ? row(m.creditCode, a.creditCode) : ''}${a.staffNumber ? row(m.staffNumber, a.staffNumber) : ''}
${row(m.status, m.statuses[a.status] ?? a.status, 'account-status')}${row(m.assurance, a.assurance, 'account-assurance')}
${row(m.password, a.hasPassword ? m.passwordSet : m.passwordNone, 'account-password')}${row(m.authenticator, a.authenticator ? m.enrolled : m.notEnrolled, 'account-authenticator')}
${row(m.lockout, a.lockedOut ? m.lockedOut : m.notLockedOut, 'account-lockout')}${row(m.createdAt, a.createdAt.replace('T', ' ').slice(0, 19))}</dl>`;
}

function sessionsTable(v: AdminView, m: AdminAccountsMessages, endAt: string, sessions: MaskedSession[]): string {
  const lang = v.o.lang;
  const end = (id: string | null, label: string, extra = '') => `<form method="post" action="${endAt}">${hidden(v)}${id ? `<input type="hidden" name="sessionId" value="${esc(id)}">` : ''}<button type="submit" class="secondary">${esc(label)}${extra}</button></form>`;
  const rows = sessions.map((s) => {
    const device = deviceName(s.device?.userAgent ?? null) ?? m.unknownDevice;
    return `<tr><td>${esc(device)}</td><td>${esc(s.device?.ip ?? '-')}</td><td><time datetime="${isoOf(s.signedInAt)}">${esc(when(s.signedInAt, lang))}</time></td><td><time datetime="${isoOf(s.lastActiveAt)}">${esc(when(s.lastActiveAt, lang))}</time></td><td>${esc(s.apps.map((x) => x.name).join('、') || '-')}</td><td>${end(s.id, m.endOne, `<span class="skip"> ${esc(device)} ${esc(when(s.signedInAt, lang))}</span>`)}</td></tr>`;
  }).join('');
  return `<section class="card"><h2 id="sessions-h">${esc(m.sessionsHeading)}</h2>
${rows ? `${scrollTable(m.sessionsHeading, `<table class="staff" id="sessions"><thead><tr><th scope="col">${esc(m.device)}</th><th scope="col">${esc(m.address)}</th><th scope="col">${esc(m.signedInAt)}</th><th scope="col">${esc(m.lastActive)}</th><th scope="col">${esc(m.apps)}</th><th scope="col">${esc(v.a.actions)}</th></tr></thead><tbody>${rows}</tbody></table>`)}
<div class="actions">${end(null, m.endAll)}</div>` : `<p id="no-sessions">${esc(m.noSessions)}</p>`}</section>`;
}

export function accountRecordPage(v: AdminView, m: AdminAccountsMessages, mode: Mode, a: MaskedAccount, sessions: MaskedSession[]): string {
  const at = `${base(mode)}/${encodeURIComponent(a.id)}`;
  const post = (path: string, label: string, cls = '') => `<form method="post" action="${at}${path}">${hidden(v)}<button type="submit"${cls ? ` class="${cls}"` : ''}>${esc(label)}</button></form>`;
  const check = (name: string, id: string, label: string) => `<label class="check" for="${id}"><input type="checkbox" name="${name}" id="${id}" value="on"> ${esc(label)}</label>`;
  const accountsOnly = `<section class="card" aria-labelledby="status-h"><h2 id="status-h">${esc(m.statusHeading)}</h2><div class="actions">
${a.status === 'active' ? post('/disable', m.disable, 'secondary') : post('/enable', m.enable)}</div></section>
<section class="card" aria-labelledby="reset-h"><h2 id="reset-h">${esc(m.resetHeading)}</h2><p id="reset-intro">${esc(m.resetIntro)}</p>
<form method="post" action="${at}/reset" id="reset">${hidden(v)}<fieldset aria-describedby="reset-intro"><legend>${esc(m.resetHeading)}</legend>
${check('password', 'r-password', m.resetPassword)}${check('authenticator', 'r-authenticator', m.resetAuthenticator)}</fieldset>
<button type="submit" class="secondary">${esc(m.reset)}</button></form></section>`;
  const sessionsOnly = a.lockedOut ? `<section class="card" aria-labelledby="lockout-h"><h2 id="lockout-h">${esc(m.lockout)}</h2><div class="actions">${post('/lockout/clear', m.clearLockout)}</div></section>` : '';
  return frame(v, `<p><a href="${base(mode)}">${esc(m.back)}</a>${mode === 'accounts' ? ` · <a href="/admin/sessions/${encodeURIComponent(a.id)}">${esc(m.sessionsLink)}</a>` : ''}</p>
${facts(m, a)}
${mode === 'accounts' ? accountsOnly : sessionsOnly}
${sessionsTable(v, m, mode === 'accounts' ? `${at}/sessions/end` : `${at}/end`, sessions)}`);
}
