// The apps pages: a table of registered apps with a registration form, and one app's page with every
// registration field in one form, its status and secret actions, and its recent sign-ins. Plain
// forms that carry the page's CSRF token; no scripts. Tables scroll sideways when narrow.
import type { AppSummary } from '../../services/apps/app-registration.ts';
import type { AppSignIn } from '../../services/apps/recent-sign-ins.ts';
import type { AdminAppsMessages } from './admin-apps-i18n.ts';
import { field, frame, hidden, scrollTable } from './admin-frame.ts';
import type { AdminView } from './admin-frame.ts';
import { esc } from './html.ts';


const GRANTS = ['authorization_code', 'refresh_token', 'client_credentials'];

const option = (value: string, label: string, selected: string | undefined) => `<option value="${esc(value)}"${value === selected ? ' selected' : ''}>${esc(label)}</option>`;
const check = (name: string, value: string, label: string, checked: boolean, id?: string) =>
  `<label class="check"${id ? ` for="${id}"` : ''}><input type="checkbox" name="${name}" value="${esc(value)}"${id ? ` id="${id}"` : ''}${checked ? ' checked' : ''}> ${esc(label)}</label>`;
const flag = (name: string, id: string, label: string, checked: boolean) =>
  `<label class="check" for="${id}"><input type="checkbox" name="${name}" id="${id}"${checked ? ' checked' : ''}> ${esc(label)}</label>`;

/** The registration fields, filled from `app` (a change) or with a new app's defaults. */
function fields(m: AdminAppsMessages, p: string, app: AppSummary | null, offered: readonly string[]): string {
  const scopes = [...new Set([...offered, ...(app?.scopes ?? [])])];
  const chosenScopes = app?.scopes ?? ['openid', 'profile'];
  return `${field(`${p}-name`, m.name, `<input id="${p}-name" name="name" required maxlength="64" value="${esc(app?.name ?? '')}">`)}
${field(`${p}-kind`, m.consent, `<select id="${p}-kind" name="kind" aria-describedby="${p}-kind-hint">${option('third_party', m.kinds.third_party as string, app?.kind)}${option('first_party', m.kinds.first_party as string, app?.kind)}</select>`)}
<p id="${p}-kind-hint" class="muted">${esc(m.consentHint)}</p>
${field(`${p}-type`, m.applicationType, `<select id="${p}-type" name="applicationType">${option('web', m.applicationTypes.web as string, app?.applicationType)}${option('native', m.applicationTypes.native as string, app?.applicationType)}</select>`)}
${field(`${p}-redirects`, m.redirectUris, `<textarea id="${p}-redirects" name="redirectUris" rows="3">${esc((app?.redirectUris ?? []).join('\n'))}</textarea>`)}
${field(`${p}-logout`, m.postLogoutRedirectUris, `<textarea id="${p}-logout" name="postLogoutRedirectUris" rows="2">${esc((app?.postLogoutRedirectUris ?? []).join('\n'))}</textarea>`)}
${field(`${p}-backchannel`, m.backchannelLogoutUri, `<input id="${p}-backchannel" name="backchannelLogoutUri" maxlength="2000" value="${esc(app?.backchannelLogoutUri ?? '')}">`)}
<fieldset><legend>${esc(m.grantTypes)}</legend>${GRANTS.map((g) => check('grantTypes', g, g, app ? app.grantTypes.includes(g as never) : g === 'authorization_code', `${p}-grant-${g}`)).join('')}</fieldset>
<fieldset><legend>${esc(m.scopes)}</legend>${scopes.map((s) => check('scopes', s, s, chosenScopes.includes(s), `${p}-scope-${s}`)).join('')}</fieldset>
${field(`${p}-alg`, m.alg, `<select id="${p}-alg" name="idTokenAlg">${option('ES256', 'ES256', app?.idTokenAlg)}${option('RS256', 'RS256', app?.idTokenAlg)}</select>`)}
${field(`${p}-refresh`, m.refreshPolicy, `<select id="${p}-refresh" name="refreshPolicy" aria-describedby="${p}-refresh-hint">${option('offline_access', m.refreshPolicies.offline_access as string, app?.refreshPolicy)}${option('always', m.refreshPolicies.always as string, app?.refreshPolicy)}</select>`)}
<p id="${p}-refresh-hint" class="muted">${esc(m.refreshPolicyHint)}</p>
${flag('fullIdNumber', `${p}-full-id`, m.fullIdNumber, app?.fullIdNumber ?? false)}
${flag('resourceServer', `${p}-resource`, m.resourceServer, app?.resourceServer ?? false)}`;
}

/** `offered`: the scopes an app may be registered with. */
export function appListPage(v: AdminView, m: AdminAppsMessages, apps: AppSummary[], offered: readonly string[]): string {
  const rows = apps.map((a) => `<tr><td data-label="${esc(m.clientId)}"><code>${esc(a.clientId)}</code></td><td data-label="${esc(m.name)}">${esc(a.name)}</td><td data-label="${esc(m.kind)}">${esc(m.kindsShort[a.kind] ?? a.kind)}</td><td data-label="${esc(m.status)}">${esc(m.statuses[a.status] ?? a.status)}</td><td data-label="${esc(m.subject)}">${esc(`${m.subjects[a.subjectType] ?? a.subjectType}${a.sector ? ` (${a.sector})` : ''}`)}</td><td data-label="${esc(m.alg)}">${esc(a.idTokenAlg)}</td><td data-label="${esc(m.refresh)}">${esc(m.refreshPolicies[a.refreshPolicy] ?? a.refreshPolicy)}</td><td><a href="/admin/apps/${encodeURIComponent(a.clientId)}">${esc(m.open)}<span class="skip"> ${esc(a.name)}</span></a></td></tr>`).join('');
  return frame(v, `<h2 id="list-h">${esc(m.listHeading)}</h2>
${rows ? scrollTable(m.listHeading, `<table class="staff apps" id="apps"><thead><tr><th scope="col">${esc(m.clientId)}</th><th scope="col">${esc(m.name)}</th><th scope="col">${esc(m.kind)}</th><th scope="col">${esc(m.status)}</th><th scope="col">${esc(m.subject)}</th><th scope="col">${esc(m.alg)}</th><th scope="col">${esc(m.refresh)}</th><th scope="col">${esc(v.a.actions)}</th></tr></thead><tbody>${rows}</tbody></table>`) : `<p>${esc(m.none)}</p>`}
<section class="card" aria-labelledby="register-h"><h2 id="register-h">${esc(m.registerHeading)}</h2>
<form method="post" action="/admin/apps" id="register">${hidden(v)}
${fields(m, 'n', null, offered)}
${flag('public', 'n-public', m.publicClient, false)}
${field('n-sector', m.sector, '<input id="n-sector" name="sector" maxlength="253">')}
<button type="submit">${esc(m.submit)}</button></form></section>`);
}

/** `licenceUse`: whether to link to the app's licence-use permissions. */
export function appRecordPage(v: AdminView, m: AdminAppsMessages, app: AppSummary, signIns: AppSignIn[] | null, offered: readonly string[], licenceUse = false): string {
  const at = (path: string) => `/admin/apps/${encodeURIComponent(app.clientId)}${path}`;
  const post = (path: string, label: string, cls = '') => `<form method="post" action="${at(path)}">${hidden(v)}<button type="submit"${cls ? ` class="${cls}"` : ''}>${esc(label)}</button></form>`;
  const rows = (signIns ?? []).map((s) => `<tr><td data-label="${esc(m.time)}">${esc(s.time.replace('T', ' ').slice(0, 19))}</td><td data-label="${esc(m.who)}"><code>${esc(s.actorId ?? '-')}</code> <span class="muted">${esc(s.actorKind)}</span></td><td data-label="${esc(m.grantType)}">${esc(s.grantType ?? '-')}</td><td data-label="${esc(m.clientIp)}">${esc(s.clientIp ?? '-')}</td></tr>`).join('');
  return frame(v, `<p><a href="/admin/apps">${esc(m.back)}</a></p>
<dl class="card"><dt>${esc(m.clientId)}</dt><dd><code id="app-client-id">${esc(app.clientId)}</code></dd><dt>${esc(m.status)}</dt><dd id="app-status">${esc(m.statuses[app.status] ?? app.status)}</dd><dt>${esc(m.subject)}</dt><dd>${esc(`${m.subjects[app.subjectType] ?? app.subjectType}${app.sector ? ` (${app.sector})` : ''}`)}</dd><dt>${esc(m.clientType)}</dt><dd>${esc(app.public ? m.publicClient : m.confidentialClient)}</dd></dl>
${licenceUse ? `<p><a href="${at('/licence-use')}" id="licence-use-link">${esc(m.licenceUse)}</a></p>` : ''}
<section class="card" aria-labelledby="edit-h"><h2 id="edit-h">${esc(m.editHeading)}</h2>
<form method="post" action="${at('')}" id="edit">${hidden(v)}
${fields(m, 'e', app, offered)}
<button type="submit">${esc(v.a.save)}</button></form></section>
<section class="card" aria-labelledby="actions-h"><h2 id="actions-h">${esc(m.actionsHeading)}</h2><div class="actions">
${app.status === 'active' ? post('/disable', m.disable, 'secondary') : post('/enable', m.enable)}
${app.public ? '' : post('/secret', m.rotate, 'secondary')}</div></section>
${signIns === null ? '' : `<section class="card"><h2 id="signins-h">${esc(m.signInsHeading)}</h2>
${rows ? scrollTable(m.signInsHeading, `<table class="staff" id="sign-ins"><thead><tr><th scope="col">${esc(m.time)}</th><th scope="col">${esc(m.who)}</th><th scope="col">${esc(m.grantType)}</th><th scope="col">${esc(m.clientIp)}</th></tr></thead><tbody>${rows}</tbody></table>`) : `<p>${esc(m.noSignIns)}</p>`}</section>`}`);
}
