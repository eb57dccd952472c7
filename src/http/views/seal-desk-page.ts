// The seal desk page: a frame with plain forms that the same-origin script /static/seal-desk.js
// brings to life. What the script needs (the sign-in endpoints, the client id, the API resource,
// the upload cap and the texts) travels in data attributes: no inline script or style (CSP).
import { SEAL_KINDS } from '../../domain/seal.ts';
import { esc, page } from './html.ts';
import type { PageOptions } from './html.ts';
import type { SealDeskMessages } from './seal-desk-i18n.ts';

export interface SealDeskConfig {
  readonly clientId: string;
  readonly authorizationEndpoint: string;
  readonly tokenEndpoint: string;
  readonly redirectUri: string;
  readonly resource: string;
  readonly maxPdfBytes: number;
}

const APPLY_KINDS = SEAL_KINDS;

export function sealDeskPage(o: PageOptions, m: SealDeskMessages, cfg: SealDeskConfig): string {
  const data = {
    'client-id': cfg.clientId, 'authorize': cfg.authorizationEndpoint, 'token': cfg.tokenEndpoint,
    'redirect-uri': cfg.redirectUri, 'resource': cfg.resource, 'max-bytes': String(cfg.maxPdfBytes), 'lang': o.lang, 't': JSON.stringify(m),
  };
  const attrs = Object.entries(data).map(([k, v]) => `data-${k}="${esc(v)}"`).join(' ');
  const kinds = APPLY_KINDS.map((k) => `<option value="${k}">${esc(m.kinds[k])}</option>`).join('');
  return page(o, `<link rel="stylesheet" href="/static/seal-desk.css">
<div class="desk" id="desk" ${attrs}>
<h1>${esc(m.title)}</h1>
<section id="signed-out" hidden><p>${esc(m.intro)}</p><button type="button" id="sign-in">${esc(m.signIn)}</button></section>
<section id="signed-in" hidden>
<p><span id="who"></span> <button type="button" id="sign-out">${esc(m.signOut)}</button></p>
<p id="status" role="status" aria-live="polite">${esc(m.loading)}</p>

<section aria-labelledby="stamp-heading">
<h2 id="stamp-heading">${esc(m.stampHeading)}</h2>
<form id="stamp-form">
<label for="stamp-file">${esc(m.file)}</label><input id="stamp-file" name="file" type="file" accept="application/pdf,.pdf,application/ofd,.ofd" required>
<label for="stamp-seal">${esc(m.seal)}</label><select id="stamp-seal" name="seal" required></select>
<fieldset><legend>${esc(m.placeBy)}</legend>
<label><input type="radio" name="by" value="point" checked> ${esc(m.byPoint)}</label>
<label><input type="radio" name="by" value="keyword"> ${esc(m.byKeyword)}</label>
</fieldset>
<label for="stamp-page">${esc(m.page)}</label><input id="stamp-page" name="page" type="number" min="1" value="1" required>
<label for="stamp-x">${esc(m.x)}</label><input id="stamp-x" name="x" type="number" step="any" value="450">
<label for="stamp-y">${esc(m.y)}</label><input id="stamp-y" name="y" type="number" step="any" value="150">
<label for="stamp-keyword">${esc(m.keyword)}</label><input id="stamp-keyword" name="keyword" maxlength="100">
<label for="stamp-reason">${esc(m.reason)}</label><input id="stamp-reason" name="reason" maxlength="200" required>
<p><button type="button" id="preview-button">${esc(m.preview)}</button> <button type="submit" id="stamp-button">${esc(m.stamp)}</button></p>
</form>
<p class="hint">${esc(m.previewHint)}</p>
<div id="preview" class="preview" hidden></div>
<div id="stamp-result" class="result" hidden></div>
</section>

<section aria-labelledby="seals-heading">
<h2 id="seals-heading">${esc(m.sealsHeading)}</h2>
<table id="seals" hidden><thead><tr><th>${esc(m.name)}</th><th>${esc(m.kind)}</th><th>${esc(m.code)}</th><th>${esc(m.status)}</th><th>${esc(m.granted)}</th><th>${esc(m.actions)}</th></tr></thead><tbody></tbody></table>
</section>

<section aria-labelledby="apply-heading">
<h2 id="apply-heading">${esc(m.applyHeading)}</h2>
<form id="apply-form">
<label for="apply-kind">${esc(m.applyKind)}</label><select id="apply-kind" name="kind">${kinds}</select>
<label for="apply-years">${esc(m.applyYears)}</label><input id="apply-years" name="years" type="number" min="1" max="10" value="5">
<label for="apply-person">${esc(m.personName)}</label><input id="apply-person" name="personName" maxlength="16">
<p><button type="submit">${esc(m.applySubmit)}</button></p>
</form>
</section>
</section>
</div>
<script src="/static/portal-sign-in.js"></script>
<script src="/static/seal-desk.js"></script>`);
}
