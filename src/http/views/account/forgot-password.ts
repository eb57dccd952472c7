// Forgot password (/account/forgot), for someone not signed in: the phone number, then the code
// texted to it with the new password, then the result. The code page says the same whether or
// not the number is registered.
import { esc } from '../html.ts';
import type { PageOptions } from '../html.ts';
import { outcomeLine, sectionPage } from './shell.ts';

const zh = {
  heading: '忘记密码',
  intro: '输入账号登记的手机号，我们会向该号码发送验证码，用它设置新密码。',
  phone: '手机号',
  send: '发送验证码',
  sent: '如果此号码已登记，验证码已发送到该号码，10分钟内有效。',
  code: '短信验证码',
  password: '新密码（至少8位）',
  confirm: '再次输入新密码',
  submit: '重设密码',
  again: '没有收到？重新获取验证码',
  done: '密码已重设。所有设备上的登录均已退出，请用新密码登录。',
  backToSignIn: '返回登录页',
  invalid_phone: '请输入11位手机号。',
  rate_limited: '请求过于频繁，请15分钟后再试。',
  locked: '验证码错误次数过多，请15分钟后再试。',
  expired: '本次重设已失效，请重新获取验证码。',
  wrong: '验证码不正确或已过期。',
  too_short: '新密码至少8位。',
  mismatch: '两次输入的新密码不一致。',
  invalid: '请填写所有栏目，验证码为6位数字。',
};

const en: typeof zh = {
  heading: 'Forgot password',
  intro: 'Enter the mobile number on record for your account. We text a code to it, to set a new password with.',
  phone: 'Mobile number',
  send: 'Send the code',
  sent: 'If this number is registered, a code was sent to it. It is valid for 10 minutes.',
  code: 'Code from the text message',
  password: 'New password (at least 8 characters)',
  confirm: 'New password again',
  submit: 'Reset the password',
  again: 'No text? Ask for a new code',
  done: 'Password reset. Every device is signed out; sign in with the new password.',
  backToSignIn: 'Back to the sign-in page',
  invalid_phone: 'Enter an 11-digit mobile number.',
  rate_limited: 'Too many requests. Try again in 15 minutes.',
  locked: 'Too many wrong codes. Try again in 15 minutes.',
  expired: 'This reset has ended. Ask for a new code.',
  wrong: 'The code is wrong or has expired.',
  too_short: 'The new password needs at least 8 characters.',
  mismatch: 'The two new passwords differ.',
  invalid: 'Fill in every field; the code has 6 digits.',
};

export type ForgotProblem = 'invalid_phone' | 'rate_limited' | 'locked' | 'expired' | 'wrong' | 'too_short' | 'mismatch' | 'invalid';

const words = (o: PageOptions) => (o.lang === 'en' ? en : zh);

export function forgotPhonePage(o: PageOptions, v: { phone: string; problem?: ForgotProblem }): string {
  const t = words(o);
  return sectionPage(o, t.heading, `<form method="post" action="/account/forgot" class="card" aria-label="${esc(t.heading)}">
${outcomeLine(v.problem && t[v.problem], undefined)}
<p>${esc(t.intro)}</p>
<label for="forgot-phone">${esc(t.phone)}</label>
<input id="forgot-phone" name="phone" type="tel" inputmode="numeric" autocomplete="tel" required pattern="1[3-9][0-9]{9}" maxlength="11" value="${esc(v.phone)}">
<button type="submit">${esc(t.send)}</button>
</form>`);
}

export function forgotCodePage(o: PageOptions, v: { problem?: ForgotProblem }): string {
  const t = words(o);
  return sectionPage(o, t.heading, `<form method="post" action="/account/forgot/code" class="card" aria-label="${esc(t.heading)}">
${outcomeLine(v.problem && t[v.problem], v.problem ? undefined : t.sent)}
<label for="forgot-code">${esc(t.code)}</label>
<input id="forgot-code" name="code" type="text" inputmode="numeric" autocomplete="one-time-code" required pattern="[0-9]{6}" maxlength="6">
<label for="forgot-password">${esc(t.password)}</label>
<input id="forgot-password" name="password" type="password" autocomplete="new-password" required minlength="8" maxlength="256">
<label for="forgot-confirm">${esc(t.confirm)}</label>
<input id="forgot-confirm" name="confirm" type="password" autocomplete="new-password" required minlength="8" maxlength="256">
<button type="submit">${esc(t.submit)}</button>
</form>
<p><a href="/account/forgot" id="forgot-again">${esc(t.again)}</a></p>`);
}

export function forgotDonePage(o: PageOptions, v: { returnTo: string | null }): string {
  const t = words(o);
  const back = v.returnTo ? `<p><a href="${esc(v.returnTo)}" id="forgot-back-to-sign-in">${esc(t.backToSignIn)}</a></p>` : '';
  return sectionPage(o, t.heading, `<p class="notice" role="status">${esc(t.done)}</p>
${back}`);
}
