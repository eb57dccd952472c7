// The legal representative's page for their organisation's agents (单位经办人授权): a frame that
// the same-origin script /static/enterprise-agents.js fills in, configured by data attributes
// (the CSP allows no inline script).
import { esc, page } from './html.ts';
import type { PageOptions } from './html.ts';
import type { ActingMessages } from './acting-i18n.ts';

export interface EnterprisePortalConfig {
  readonly clientId: string;
  readonly authorizationEndpoint: string;
  readonly tokenEndpoint: string;
  readonly redirectUri: string;
  readonly resource: string;
}

export function enterpriseAgentsPage(o: PageOptions, m: ActingMessages, cfg: EnterprisePortalConfig): string {
  const data = {
    'client-id': cfg.clientId, 'authorize': cfg.authorizationEndpoint, 'token': cfg.tokenEndpoint,
    'redirect-uri': cfg.redirectUri, 'resource': cfg.resource, 'lang': o.lang, 't': JSON.stringify(m),
  };
  const attrs = Object.entries(data).map(([k, v]) => `data-${k}="${esc(v)}"`).join(' ');
  return page(o, `<link rel="stylesheet" href="/static/acting.css">
<div id="agents-page" ${attrs}>
<h1>${esc(m.agentsTitle)}</h1>
<p>${esc(m.agentsIntro)}</p>
<section id="signed-out" hidden><button type="button" id="sign-in">${esc(m.signIn)}</button></section>
<section id="signed-in" hidden>
<p><button type="button" id="sign-out" class="secondary">${esc(m.signOut)}</button></p>
<p id="status" role="status" aria-live="polite">${esc(m.loading)}</p>
<label for="enterprise" id="enterprise-label" hidden>${esc(m.enterprise)}</label>
<select id="enterprise" hidden></select>
<table id="agents" hidden><thead><tr><th>${esc(m.agentName)}</th><th>${esc(m.idNumber)}</th><th>${esc(m.scope)}</th><th>${esc(m.expiresAt)}</th><th>${esc(m.state)}</th><th>${esc(m.actions)}</th></tr></thead><tbody></tbody></table>
<form id="grant-form" class="card" hidden>
<h2>${esc(m.grantHeading)}</h2>
<label for="agent-id-number">${esc(m.agentIdNumber)}</label>
<input id="agent-id-number" name="idNumber" required maxlength="18" autocomplete="off">
<label for="agent-scope">${esc(m.scopeApps)}</label>
<input id="agent-scope" name="scope" maxlength="2000">
<label for="agent-expires">${esc(m.expiresOn)}</label>
<input id="agent-expires" name="expires" type="date" required>
<button type="submit">${esc(m.grant)}</button>
</form>
</section>
</div>
<script src="/static/portal-sign-in.js"></script>
<script src="/static/enterprise-agents.js"></script>`);
}
