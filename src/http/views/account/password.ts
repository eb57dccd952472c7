// The password section of the account pages (/account/password).
import { esc } from '../html.ts';
import type { PageOptions } from '../html.ts';
import { csrfField, outcomeLine, sectionPage } from './shell.ts';

const zh = {
  heading: '修改密码',
  current: '当前密码',
  password: '新密码（至少8位）',
  confirm: '再次输入新密码',
  submit: '保存新密码',
  changed: '密码已修改，下次请用新密码登录。',
  wrong: '当前密码不正确。',
  locked: '当前密码错误次数过多，请15分钟后再试。',
  too_short: '新密码至少8位。',
  mismatch: '两次输入的新密码不一致。',
  same_as_current: '新密码不能与当前密码相同。',
  invalid: '请填写所有密码栏。',
  noPassword: '此账号未设置密码。',
  forgot: '忘记当前密码？通过短信验证码重设',
};

const en: typeof zh = {
  heading: 'Change password',
  current: 'Current password',
  password: 'New password (at least 8 characters)',
  confirm: 'New password again',
  submit: 'Save the new password',
  changed: 'Password changed. Sign in with the new one from now on.',
  wrong: 'The current password is not right.',
  locked: 'Too many wrong current passwords. Try again in 15 minutes.',
  too_short: 'The new password needs at least 8 characters.',
  mismatch: 'The two new passwords differ.',
  same_as_current: 'The new password must differ from the current one.',
  invalid: 'Please fill in every password field.',
  noPassword: 'This account has no password.',
  forgot: 'Forgot the current password? Reset it with a text message code',
};

export type PasswordProblem = 'wrong' | 'locked' | 'too_short' | 'mismatch' | 'same_as_current' | 'invalid';

export interface PasswordView {
  hasPassword: boolean;
  csrf: string;
  notice?: 'changed';
  problem?: PasswordProblem;
}

export function passwordPage(o: PageOptions, v: PasswordView): string {
  const t = o.lang === 'en' ? en : zh;
  const body = v.hasPassword
    ? `<form method="post" action="/account/password" class="card" aria-label="${esc(t.heading)}">
${outcomeLine(v.problem && t[v.problem], v.notice && t[v.notice])}
${csrfField(v.csrf)}
<label for="current-password">${esc(t.current)}</label>
<input id="current-password" name="current" type="password" autocomplete="current-password" required maxlength="256">
<label for="new-password">${esc(t.password)}</label>
<input id="new-password" name="password" type="password" autocomplete="new-password" required minlength="8" maxlength="256">
<label for="new-password-confirm">${esc(t.confirm)}</label>
<input id="new-password-confirm" name="confirm" type="password" autocomplete="new-password" required minlength="8" maxlength="256">
<button type="submit">${esc(t.submit)}</button>
</form>
<p><a href="/account/forgot" id="go-forgot">${esc(t.forgot)}</a></p>`
    : `<p class="muted">${esc(t.noPassword)}</p>`;
  return sectionPage(o, t.heading, body);
}
