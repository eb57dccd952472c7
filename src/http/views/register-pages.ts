// The registration page (phone → code → name, password, optional ID number) and the real-name
// check page. Plain forms: no script, so nothing for the CSP to allow.
import { esc, page } from './html.ts';
import type { PageOptions } from './html.ts';
import { registerMessages } from './register-i18n.ts';

function box(text: string | null, kind: 'error' | 'notice'): string {
  if (!text) return '';
  return `<p class="${kind}" role="${kind === 'error' ? 'alert' : 'status'}">${esc(text)}</p>`;
}

export interface RegisterView {
  sendAction: string;
  action: string;
  loginHref: string;
  csrf: string;
  phone: string;
  name: string;
  error: string | null;
  notice: string | null;
}

export function registerPage(o: PageOptions, v: RegisterView): string {
  const t = registerMessages(o.lang);
  return page({ ...o, title: t.registerHeading }, `<h1>${esc(t.registerHeading)}</h1>
<p>${esc(t.registerIntro)}</p>
${box(v.error, 'error')}${box(v.notice, 'notice')}
<form method="post" action="${esc(v.sendAction)}" class="card">
<input type="hidden" name="csrf" value="${esc(v.csrf)}">
<label for="reg-phone-send">${esc(t.phone)}</label>
<input id="reg-phone-send" name="phone" type="tel" inputmode="numeric" autocomplete="tel" required pattern="1[3-9][0-9]{9}" maxlength="11" value="${esc(v.phone)}"${v.phone ? '' : ' autofocus'}>
<button type="submit" class="secondary">${esc(t.sendCode)}</button>
</form>
<form method="post" action="${esc(v.action)}" class="card">
<input type="hidden" name="csrf" value="${esc(v.csrf)}">
<input type="hidden" name="phone" value="${esc(v.phone)}">
<label for="reg-code">${esc(t.smsCode)}</label>
<input id="reg-code" name="code" type="text" inputmode="numeric" autocomplete="one-time-code" required pattern="[0-9]{6}" maxlength="6"${v.phone ? ' autofocus' : ''}>
<label for="reg-name">${esc(t.name)}</label>
<input id="reg-name" name="name" type="text" autocomplete="name" required maxlength="64" value="${esc(v.name)}">
<label for="reg-password">${esc(t.password)}</label>
<input id="reg-password" name="password" type="password" autocomplete="new-password" required minlength="8" maxlength="256">
<label for="reg-id">${esc(t.idNumber)}</label>
<input id="reg-id" name="idNumber" type="text" autocomplete="off" maxlength="18" pattern="[0-9]{17}[0-9Xx]">
<button type="submit">${esc(t.submitRegister)}</button>
</form>
<p><a href="${esc(v.loginHref)}">${esc(t.backToLogin)}</a></p>`);
}

export interface RealNameView {
  action: string;
  csrf: string;
  name: string;
  error: string | null;
}

export function realNamePage(o: PageOptions, v: RealNameView): string {
  const t = registerMessages(o.lang);
  return page({ ...o, title: t.realNameHeading }, `<h1>${esc(t.realNameHeading)}</h1>
<p>${esc(t.realNameIntro)}</p>
${box(v.error, 'error')}
<form method="post" action="${esc(v.action)}" class="card">
<input type="hidden" name="csrf" value="${esc(v.csrf)}">
<label for="rn-name">${esc(t.name)}</label>
<input id="rn-name" name="name" type="text" autocomplete="name" required maxlength="64" value="${esc(v.name)}" autofocus>
<label for="rn-id">${esc(t.idNumberPlain)}</label>
<input id="rn-id" name="idNumber" type="text" autocomplete="off" required maxlength="18" pattern="[0-9]{17}[0-9Xx]">
<button type="submit">${esc(t.submitRealName)}</button>
</form>`);
}
