// The holder portal page: a frame that the same-origin script /static/holder.js fills in. What
// the script needs (the sign-in endpoints, this page's client id, the API resource and the
// texts) travels in data attributes, so the page needs no inline script (CSP: same origin only).
import { esc, page } from './html.ts';
import type { PageOptions } from './html.ts';
import type { HolderMessages } from './holder-i18n.ts';

export interface HolderPortalConfig {
  readonly clientId: string;
  readonly authorizationEndpoint: string;
  readonly tokenEndpoint: string;
  readonly redirectUri: string;
  readonly resource: string;
}

export function holderPage(o: PageOptions, h: HolderMessages, cfg: HolderPortalConfig): string {
  const data = {
    'client-id': cfg.clientId, 'authorize': cfg.authorizationEndpoint, 'token': cfg.tokenEndpoint,
    'redirect-uri': cfg.redirectUri, 'resource': cfg.resource, 'lang': o.lang, 't': JSON.stringify(h),
  };
  const attrs = Object.entries(data).map(([k, v]) => `data-${k}="${esc(v)}"`).join(' ');
  return page(o, `<link rel="stylesheet" href="/static/holder.css">
<div class="holder" id="holder" ${attrs}>
<h1>${esc(h.title)}</h1>
<section id="signed-out" hidden><p>${esc(h.intro)}</p><button type="button" id="sign-in">${esc(h.signIn)}</button></section>
<section id="signed-in" hidden>
<p><button type="button" id="sign-out">${esc(h.signOut)}</button> <button type="button" id="switch-org">${esc(h.switchOrg)}</button></p>
<p id="acting"></p>
<p id="status" role="status" aria-live="polite">${esc(h.loading)}</p>
<ul id="licences" class="licence-cards" aria-label="${esc(h.title)}" hidden></ul>
<section id="uses"><h2 id="uses-heading">${esc(h.usesHeading)}</h2><div id="uses-list" role="region" aria-labelledby="uses-heading" tabindex="0"></div>
<h2 id="consents-heading">${esc(h.consentsHeading)}</h2><div id="consents-list" role="region" aria-labelledby="consents-heading" tabindex="0" aria-live="polite"></div></section>
<section id="share" hidden aria-labelledby="share-heading"><h2 id="share-heading" tabindex="-1">${esc(h.shareHeading)}</h2><form id="share-form"></form><div id="share-result" class="share-result" hidden></div>
<section id="share-history"><h3 id="history-heading">${esc(h.historyHeading)}</h3><button type="button" id="history-refresh">${esc(h.refresh)}</button><div id="history-list" role="region" aria-labelledby="history-heading" tabindex="0" aria-live="polite"></div>
<h3 id="checks-heading">${esc(h.checksHeading)}</h3><div id="checks-list" role="region" aria-labelledby="checks-heading" tabindex="0"></div></section></section>
</section>
</div>
<p><a href="/account" id="go-account">${esc(h.account)}</a></p>
<script src="/static/portal-sign-in.js"></script>
<script src="/static/holder.js"></script>`);
}
