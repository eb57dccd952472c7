// The phone section of the account pages (/account/phone): prove it is you (the current password,
// or a fresh sign-in for an account without one) and give the new number; then the code texted
// to it.
import { esc, fill } from '../html.ts';
import type { PageOptions } from '../html.ts';
import { csrfField, outcomeLine, sectionPage } from './shell.ts';

const zh = {
  heading: '更换手机号',
  currentPhone: '当前手机号',
  none: '未登记',
  current: '当前密码',
  reauthNeeded: '此账号未设置密码。为确认是您本人，请先重新登录。',
  reauth: '重新登录',
  newPhone: '新手机号',
  send: '发送验证码',
  sent: '验证码已发送到 {phone}，5分钟内有效。',
  code: '短信验证码',
  confirm: '确认更换',
  restart: '重新填写新手机号',
  changed: '手机号已更换为 {phone}。原号码已收到通知短信。',
  wrong: '当前密码不正确。',
  locked: '错误次数过多，请15分钟后再试。',
  rate_limited: '请求过于频繁，请15分钟后再试。',
  invalid_phone: '请输入11位手机号。',
  same_as_current: '新手机号与当前手机号相同。',
  wrong_code: '验证码不正确或已过期。',
  taken: '此号码不能用于本账号。',
  sign_in_again: '请先重新登录。',
  invalid: '请填写所有栏目。',
};

const en: typeof zh = {
  heading: 'Change mobile number',
  currentPhone: 'Current number',
  none: 'none on record',
  current: 'Current password',
  reauthNeeded: 'This account has no password. To make sure it is you, sign in again first.',
  reauth: 'Sign in again',
  newPhone: 'New mobile number',
  send: 'Send the code',
  sent: 'A code was sent to {phone}. It is valid for 5 minutes.',
  code: 'Code from the text message',
  confirm: 'Change the number',
  restart: 'Enter the new number again',
  changed: 'Your number is now {phone}. The old number was told by text message.',
  wrong: 'The current password is not right.',
  locked: 'Too many wrong tries. Try again in 15 minutes.',
  rate_limited: 'Too many requests. Try again in 15 minutes.',
  invalid_phone: 'Enter an 11-digit mobile number.',
  same_as_current: 'This is the number already on record.',
  wrong_code: 'The code is wrong or has expired.',
  taken: 'This number cannot be used for this account.',
  sign_in_again: 'Sign in again first.',
  invalid: 'Please fill in every field.',
};

export type PhoneProblem = 'wrong' | 'locked' | 'rate_limited' | 'invalid_phone' | 'same_as_current' | 'wrong_code' | 'taken' | 'sign_in_again' | 'invalid';

export interface PhoneView {
  /** Masked. */
  phone: string | null;
  /** The account has a password (asked again) or not (a recent sign-in stands in for it). */
  hasPassword: boolean;
  recentSignIn: boolean;
  csrf: string;
  /** Set once a code went out: the new number, as typed. */
  pending?: string;
  /** Set after the change: the new number, masked. */
  changed?: string;
  problem?: PhoneProblem;
}

function startForm(t: typeof zh, v: PhoneView): string {
  if (!v.hasPassword && !v.recentSignIn) {
    return `<form method="post" action="/account/phone/sign-in" class="card" aria-label="${esc(t.reauth)}">
${outcomeLine(v.problem && t[v.problem], undefined)}
<p>${esc(t.reauthNeeded)}</p>
${csrfField(v.csrf)}
<button type="submit">${esc(t.reauth)}</button>
</form>`;
  }
  const current = v.hasPassword
    ? `<label for="current-password">${esc(t.current)}</label>
<input id="current-password" name="current" type="password" autocomplete="current-password" required maxlength="256">`
    : '';
  return `<form method="post" action="/account/phone" class="card" aria-label="${esc(t.heading)}">
${outcomeLine(v.problem && t[v.problem], v.changed && fill(t.changed, { phone: v.changed }))}
${csrfField(v.csrf)}
${current}
<label for="new-phone">${esc(t.newPhone)}</label>
<input id="new-phone" name="phone" type="tel" inputmode="numeric" autocomplete="tel" required pattern="1[3-9][0-9]{9}" maxlength="11">
<button type="submit">${esc(t.send)}</button>
</form>`;
}

function codeForm(t: typeof zh, v: PhoneView & { pending: string }): string {
  return `<form method="post" action="/account/phone/confirm" class="card" aria-label="${esc(t.confirm)}">
${outcomeLine(v.problem && t[v.problem], v.problem ? undefined : fill(t.sent, { phone: v.pending }))}
${csrfField(v.csrf)}
<label for="phone-code">${esc(t.code)}</label>
<input id="phone-code" name="code" type="text" inputmode="numeric" autocomplete="one-time-code" required pattern="[0-9]{6}" maxlength="6">
<button type="submit">${esc(t.confirm)}</button>
</form>
<p><a href="/account/phone" id="phone-restart">${esc(t.restart)}</a></p>`;
}

export function phonePage(o: PageOptions, v: PhoneView): string {
  const t = o.lang === 'en' ? en : zh;
  const current = `<p><span class="muted">${esc(t.currentPhone)}</span><br><strong id="current-phone">${esc(v.phone ?? t.none)}</strong></p>`;
  return sectionPage(o, t.heading, `${current}
${v.pending ? codeForm(t, { ...v, pending: v.pending }) : startForm(t, v)}`);
}
