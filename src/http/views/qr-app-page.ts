// The page that plays the city app: a frame that /static/qr-app.js fills in. What the script
// needs travels in data attributes (CSP: same-origin scripts only, no inline script).
import { esc, page } from './html.ts';
import type { PageOptions } from './html.ts';
import type { QrMessages } from './qr-login-i18n.ts';

export interface QrAppConfig {
  readonly clientId: string;
  readonly authorizationEndpoint: string;
  readonly tokenEndpoint: string;
  readonly redirectUri: string;
  readonly resource: string;
  readonly scope: string;
}

export function qrAppPage(o: PageOptions, q: QrMessages, cfg: QrAppConfig): string {
  const data = {
    'client-id': cfg.clientId, 'authorize': cfg.authorizationEndpoint, 'token': cfg.tokenEndpoint,
    'redirect-uri': cfg.redirectUri, 'resource': cfg.resource, 'scope': cfg.scope, 'lang': o.lang, 't': JSON.stringify(q),
  };
  const attrs = Object.entries(data).map(([k, v]) => `data-${k}="${esc(v)}"`).join(' ');
  return page(o, `<div class="qr-app" id="qr-app" ${attrs}>
<h1>${esc(q.appTitle)}</h1>
<section id="signed-out" hidden><p>${esc(q.appIntro)}</p><button type="button" id="sign-in">${esc(q.appSignIn)}</button></section>
<section id="signed-in" hidden>
<p><button type="button" id="sign-out" class="secondary">${esc(q.appSignOut)}</button></p>
<p id="scan-hint">${esc(q.appHint)}</p>
<form id="scan-form" class="card">
<label for="qr-code">${esc(q.appCodeLabel)}</label>
<input id="qr-code" name="code" type="text" required maxlength="300" autocomplete="off" aria-describedby="scan-hint">
<button type="submit">${esc(q.appScan)}</button>
</form>
<section id="asking" class="card" hidden aria-live="polite">
<dl>
<dt>${esc(q.appAsking)}</dt><dd id="asking-app"></dd>
<dt>${esc(q.appFrom)}</dt><dd id="asking-from"></dd>
<dt>${esc(q.appAt)}</dt><dd id="asking-at"></dd>
</dl>
<div class="actions"><button type="button" id="confirm">${esc(q.appConfirm)}</button><button type="button" id="decline" class="secondary">${esc(q.appDecline)}</button></div>
</section>
<section id="use-asking" class="card" hidden aria-labelledby="use-title">
<h2 id="use-title" tabindex="-1">${esc(q.useTitle)}</h2>
<dl>
<dt>${esc(q.useApp)}</dt><dd id="use-app"></dd>
<dt>${esc(q.useItem)}</dt><dd id="use-item"></dd>
<dt>${esc(q.useDept)}</dt><dd id="use-dept"></dd>
<dt>${esc(q.useBasis)}</dt><dd id="use-basis"></dd>
<dt>${esc(q.useMode)}</dt><dd id="use-mode"></dd>
</dl>
<h3>${esc(q.useLicences)}</h3>
<ul id="use-licences"></ul>
<fieldset id="use-holders"><legend>${esc(q.useFor)}</legend></fieldset>
<div class="actions"><button type="button" id="use-confirm">${esc(q.useConfirm)}</button><button type="button" id="use-decline" class="secondary">${esc(q.useDecline)}</button></div>
</section>
<p id="app-status" role="status" aria-live="polite" hidden></p>
</section>
</div>
<script src="/static/portal-sign-in.js"></script>
<script src="/static/qr-app.js"></script>`);
}
