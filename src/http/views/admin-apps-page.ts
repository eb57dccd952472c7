// The app administration page: a plain list and a registration form that the same-origin script
// /static/admin-apps.js drives with the admin API. Sign-in endpoints, client id and texts travel
// in data attributes, so the page needs no inline script (CSP: same origin only).
import type { AdminAppsMessages } from './admin-apps-i18n.ts';
import { esc, page } from './html.ts';
import type { PageOptions } from './html.ts';

export interface AdminConsoleConfig {
  readonly clientId: string;
  readonly authorizationEndpoint: string;
  readonly tokenEndpoint: string;
  readonly redirectUri: string;
  readonly resource: string;
}

export function adminAppsPage(o: PageOptions, m: AdminAppsMessages, cfg: AdminConsoleConfig): string {
  const data = {
    'client-id': cfg.clientId, 'authorize': cfg.authorizationEndpoint, 'token': cfg.tokenEndpoint,
    'redirect-uri': cfg.redirectUri, 'resource': cfg.resource, 'lang': o.lang, 't': JSON.stringify(m),
  };
  const attrs = Object.entries(data).map(([k, v]) => `data-${k}="${esc(v)}"`).join(' ');
  const option = (value: string, label: string) => `<option value="${esc(value)}">${esc(label)}</option>`;
  const grant = (g: string, checked: boolean) => `<label><input type="checkbox" name="grantTypes" value="${g}"${checked ? ' checked' : ''}> ${g}</label>`;
  return page(o, `<div id="admin-apps" ${attrs}>
<h1>${esc(m.title)}</h1>
<section id="signed-out" hidden><p>${esc(m.intro)}</p><button type="button" id="sign-in">${esc(m.signIn)}</button></section>
<section id="signed-in" hidden>
<p><button type="button" id="sign-out" class="secondary">${esc(m.signOut)}</button></p>
<p id="status" role="status" aria-live="polite">${esc(m.loading)}</p>
<h2>${esc(m.listHeading)}</h2>
<table id="apps"><thead><tr><th>${esc(m.clientId)}</th><th>${esc(m.name)}</th><th>${esc(m.kind)}</th><th>${esc(m.status)}</th><th>${esc(m.subject)}</th><th>${esc(m.alg)}</th><th>${esc(m.refresh)}</th></tr></thead><tbody></tbody></table>
<h2 id="register-heading">${esc(m.registerHeading)}</h2>
<div id="created" class="notice" role="status" hidden></div>
<form id="register" class="card" aria-labelledby="register-heading">
<label for="app-name">${esc(m.name)}</label>
<input id="app-name" name="name" required maxlength="64">
<label for="app-kind">${esc(m.kind)}</label>
<select id="app-kind" name="kind">${option('third_party', m.kinds.third_party as string)}${option('first_party', m.kinds.first_party as string)}</select>
<label for="app-type">${esc(m.applicationType)}</label>
<select id="app-type" name="applicationType">${option('web', m.applicationTypes.web as string)}${option('native', m.applicationTypes.native as string)}</select>
<label><input type="checkbox" name="public" id="app-public"> ${esc(m.publicClient)}</label>
<label for="app-redirects">${esc(m.redirectUris)}</label>
<textarea id="app-redirects" name="redirectUris" rows="3"></textarea>
<fieldset><legend>${esc(m.grantTypes)}</legend>${grant('authorization_code', true)}${grant('refresh_token', false)}${grant('client_credentials', false)}</fieldset>
<label for="app-scopes">${esc(m.scopes)}</label>
<input id="app-scopes" name="scopes" value="openid profile" required>
<label for="app-alg">${esc(m.alg)}</label>
<select id="app-alg" name="idTokenAlg">${option('ES256', 'ES256')}${option('RS256', 'RS256')}</select>
<label for="app-sector">${esc(m.sector)}</label>
<input id="app-sector" name="sector" maxlength="253">
<label for="app-refresh">${esc(m.refreshPolicy)}</label>
<select id="app-refresh" name="refreshPolicy" aria-describedby="app-refresh-hint">${option('offline_access', m.refreshPolicies.offline_access as string)}${option('always', m.refreshPolicies.always as string)}</select>
<p id="app-refresh-hint" class="muted">${esc(m.refreshPolicyHint)}</p>
<label><input type="checkbox" name="fullIdNumber" id="app-full-id"> ${esc(m.fullIdNumber)}</label>
<button type="submit">${esc(m.submit)}</button>
</form>
</section>
</div>
<script src="/static/portal-sign-in.js"></script>
<script src="/static/admin-apps.js"></script>`);
}
