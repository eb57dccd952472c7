// The login, consent, logout and error pages.
import { esc, fill, page } from './html.ts';
import type { PageOptions } from './html.ts';
import { registerMessages } from './register-i18n.ts';
import { qrPanel, qrTabLabel } from './qr-login-panel.ts';
import type { QrPanelView } from './qr-login-panel.ts';

export interface LoginView {
  action: string;
  smsAction: string;
  sendCodeAction: string;
  csrf: string;
  tab: 'password' | 'sms' | 'cert' | 'qr';
  /** Certificate login: where the page asks for a challenge, posts the signature, finds the signing middleware. */
  cert: { challengeAction: string; action: string; middleware: string };
  appName: string;
  loginHint: string;
  phone: string;
  error: string | null;
  notice: string | null;
  /** The assurance levels (domain/assurance.ts AcrValue) the app asks for when it wants a stronger sign-in; shown in words, never as codes. */
  stepUp: readonly string[] | null;
  /** Forgot password (routes/account/forgot-password.ts), coming back to this sign-in. */
  forgotHref?: string;
  /** The registration page for this sign-in (register-pages.ts). */
  registerHref?: string;
  /** The real-name check, offered while an app asks for a higher level (routes/sign-in/real-name.ts). */
  realNameHref?: string | undefined;
  /** QR-scan login: where the page asks for a code, its status and the completion. */
  qr: Omit<QrPanelView, 'csrf'>;
}

function errorBox(text: string | null, kind: 'error' | 'notice'): string {
  if (!text) return '';
  return `<p class="${kind}" role="${kind === 'error' ? 'alert' : 'status'}">${esc(text)}</p>`;
}

/** The requirements in plain words, as alternatives; one unknown here reads as a stronger sign-in. */
function stepUpWords(t: PageOptions['t'], wanted: readonly string[]): string {
  return [...new Set(wanted.map((w) => t.stepUpNeeds[w] ?? t.stepUpNeeds.L1 as string))].join(t.stepUpOr);
}

export function loginPage(o: PageOptions, v: LoginView): string {
  const t = o.t;
  const tab = (id: LoginView['tab'], label: string) => {
    const u = new URL(o.here, 'http://x');
    u.searchParams.set('tab', id);
    return `<a role="tab" href="${esc(u.pathname + u.search)}" aria-selected="${v.tab === id}" class="tab${v.tab === id ? ' active' : ''}">${esc(label)}</a>`;
  };
  const password = `<form method="post" action="${esc(v.action)}" class="card" aria-labelledby="tab-title">
<input type="hidden" name="csrf" value="${esc(v.csrf)}">
<label for="login">${esc(t.loginName)}</label>
<input id="login" name="login" type="text" autocomplete="username" required maxlength="64" value="${esc(v.loginHint)}" autofocus>
<label for="password">${esc(t.password)}</label>
<input id="password" name="password" type="password" autocomplete="current-password" required maxlength="256">
<button type="submit">${esc(t.submitLogin)}</button>
${v.forgotHref ? `<p><a href="${esc(v.forgotHref)}" id="forgot-link">${esc(t.forgotPassword)}</a></p>` : ''}
</form>`;
  const sms = `<form method="post" action="${esc(v.sendCodeAction)}" class="card">
<input type="hidden" name="csrf" value="${esc(v.csrf)}">
<label for="phone-send">${esc(t.phone)}</label>
<input id="phone-send" name="phone" type="tel" inputmode="numeric" autocomplete="tel" required pattern="1[3-9][0-9]{9}" maxlength="11" value="${esc(v.phone)}">
<button type="submit" class="secondary">${esc(t.sendCode)}</button>
</form>
<form method="post" action="${esc(v.smsAction)}" class="card">
<input type="hidden" name="csrf" value="${esc(v.csrf)}">
<input type="hidden" name="phone" value="${esc(v.phone)}">
<label for="code">${esc(t.smsCode)}</label>
<input id="code" name="code" type="text" inputmode="numeric" autocomplete="one-time-code" required pattern="[0-9]{6}" maxlength="6">
<button type="submit">${esc(t.submitLogin)}</button>
</form>`;
  // Script in a file of its own: the CSP allows no inline script.
  const cert = `<div class="card" id="cert-login" data-challenge="${esc(v.cert.challengeAction)}" data-action="${esc(v.cert.action)}" data-middleware="${esc(v.cert.middleware)}" data-csrf="${esc(v.csrf)}" data-failed="${esc(t.certFailed)}" data-no-middleware="${esc(t.certNoMiddleware)}">
<p>${esc(t.certHelp)}</p>
<button type="button" id="cert-start">${esc(t.certStart)}</button>
<p class="error" role="alert" id="cert-error" hidden></p>
</div>
<script src="/static/cert-login.js" defer></script>`;
  return page(o, `<h1 id="tab-title">${esc(t.loginHeading)}</h1>
<p>${esc(t.loginFor)} <strong>${esc(v.appName)}</strong></p>
${v.stepUp?.length ? `<p class="notice" role="status" id="step-up">${fill(t.stepUp, { needs: stepUpWords(t, v.stepUp) })}</p>` : ''}
${v.stepUp?.length === 1 && v.stepUp[0] === 'L2' && v.realNameHref ? `<p><a href="${esc(v.realNameHref)}" id="real-name-link">${esc(registerMessages(o.lang).realNameLink)}</a></p>` : ''}
${errorBox(v.error, 'error')}${errorBox(v.notice, 'notice')}
<div role="tablist" class="tabs">${tab('password', t.tabPassword)}${tab('sms', t.tabSms)}${tab('cert', t.tabCert)}${tab('qr', qrTabLabel(o))}</div>
<section role="tabpanel">${v.tab === 'password' ? password : v.tab === 'sms' ? sms : v.tab === 'qr' ? qrPanel(o, { ...v.qr, csrf: v.csrf }) : cert}</section>
${v.registerHref ? `<p><a href="${esc(v.registerHref)}" id="register-link">${esc(registerMessages(o.lang).registerLink)}</a></p>` : ''}
<p><a href="/account" id="account-link">${esc(registerMessages(o.lang).accountLink)}</a></p>`);
}

export interface TotpView {
  action: string;
  csrf: string;
  error: string | null;
  /** Set while enrolling: the QR code (a data: URL) and the key to type in by hand. */
  enrol: { qrDataUrl: string; secret: string } | null;
}

export function totpPage(o: PageOptions, v: TotpView): string {
  const enrol = v.enrol
    ? `<p>${esc(o.t.totpEnrolBody)}</p>
<p><img src="${esc(v.enrol.qrDataUrl)}" alt="${esc(o.t.totpQr)}" width="200" height="200"></p>
<p>${esc(o.t.totpSecret)}: <code id="totp-secret">${esc(v.enrol.secret.replace(/(.{4})/g, '$1 ').trim())}</code></p>`
    : '';
  return page(o, `<h1>${esc(v.enrol ? o.t.totpEnrolHeading : o.t.totpHeading)}</h1>
${enrol}
${errorBox(v.error, 'error')}
<form method="post" action="${esc(v.action)}" class="card">
<input type="hidden" name="csrf" value="${esc(v.csrf)}">
<label for="otp">${esc(o.t.totp)}</label>
<input id="otp" name="otp" type="text" inputmode="numeric" autocomplete="one-time-code" required pattern="[0-9]{6}" maxlength="6" autofocus>
<button type="submit">${esc(o.t.submitLogin)}</button>
</form>`);
}

export function consentPage(o: PageOptions, v: { action: string; abortAction: string; csrf: string; appName: string; scopes: string[] }): string {
  const items = v.scopes.map((s) => `<li>${esc(o.t.scopes[s] ?? s)}</li>`).join('');
  return page(o, `<h1>${esc(o.t.consentHeading)}</h1>
<p>${fill(o.t.consentBody, { app: v.appName })}</p>
<ul class="scopes">${items}</ul>
<div class="actions">
<form method="post" action="${esc(v.action)}"><input type="hidden" name="csrf" value="${esc(v.csrf)}"><button type="submit" autofocus>${esc(o.t.allow)}</button></form>
<form method="post" action="${esc(v.abortAction)}"><input type="hidden" name="csrf" value="${esc(v.csrf)}"><button type="submit" class="secondary">${esc(o.t.deny)}</button></form>
</div>`);
}

/** `form` is oidc-provider's hidden logout form (id `op.logoutForm`), carrying its own xsrf field. */
export function logoutPage(o: PageOptions, form: string): string {
  return page(o, `<h1>${esc(o.t.logoutHeading)}</h1>
<p>${esc(o.t.logoutBody)}</p>
${form}
<div class="actions">
<button type="submit" form="op.logoutForm" name="logout" value="yes" autofocus>${esc(o.t.logoutYes)}</button>
<button type="submit" form="op.logoutForm" class="secondary">${esc(o.t.logoutNo)}</button>
</div>`);
}

export function loggedOutPage(o: PageOptions): string {
  return page(o, `<h1>${esc(o.t.logoutHeading)}</h1><p role="status">${esc(o.t.loggedOut)}</p>`);
}

/** Error codes (oidc-provider's and the sign-in steps') by what the person can do about them. */
function errorKind(code: string, status: number): string {
  if (code.startsWith('ERR_')) return status >= 500 ? 'server' : 'refused';
  if (code === 'interaction_expired') return 'expired';
  if (code === 'csrf' || code === 'wrong_step') return 'form';
  if (code === 'access_denied') return 'cancelled';
  if (['login_required', 'session_not_found', 'consent_required', 'interaction_required', 'invalid_grant'].includes(code)) return 'signedOut';
  if (code.startsWith('invalid_') || code.startsWith('unsupported_') || code.startsWith('unauthorized_') || code.endsWith('_not_supported') || code === 'unmet_authentication_requirements') return 'app';
  return 'server';
}

/** The request's reference, for the help desk to find its log line. */
export function referenceLine(o: PageOptions): string {
  if (!o.ref) return '';
  return `<p class="muted" id="error-ref">${esc(o.t.errorRef)}: <code class="nowrap">${esc(o.ref)}</code><br>${esc(o.t.errorRefHelp)}</p>`;
}

/** `code` is oidc-provider's or a sign-in step's error, or an AppError code answered with `status`. */
export function errorPage(o: PageOptions, code: string, status = 400): string {
  const [what, next] = o.t.errorKinds[errorKind(code, status)] ?? [o.t.errorBody, ''];
  return page(o, `<h1>${esc(o.t.errorHeading)}</h1>
<p role="alert" id="error-what" data-code="${esc(code)}">${esc(what)}</p>
<p id="error-next"><strong>${esc(next)}</strong></p>
${referenceLine(o)}
<p class="muted">${esc(o.t.errorCode)}: <code>${esc(code)}</code></p>`);
}
