// The page that replaces an initial password before the sign-in with it counts. A plain form: no
// script, so nothing for the CSP to allow.
import { esc, page } from './html.ts';
import type { Lang } from './i18n.ts';
import type { PageOptions } from './html.ts';

const zh = {
  heading: '请设置新密码',
  intro: '您使用的是管理员发放的初始密码。请设置只有您知道的新密码，之后用新密码登录。',
  password: '新密码（至少8位）',
  confirm: '再次输入新密码',
  submit: '保存并继续',
  too_short: '新密码至少8位。',
  mismatch: '两次输入的新密码不一致。',
  same_as_initial: '新密码不能与初始密码相同。',
  invalid: '请填写新密码。',
};

const en: typeof zh = {
  heading: 'Choose a new password',
  intro: 'You signed in with an initial password from an administrator. Choose a new password that only you know; sign in with it from now on.',
  password: 'New password (at least 8 characters)',
  confirm: 'New password again',
  submit: 'Save and continue',
  too_short: 'The new password needs at least 8 characters.',
  mismatch: 'The two new passwords differ.',
  same_as_initial: 'The new password must differ from the initial one.',
  invalid: 'Please fill in the new password.',
};

export type PasswordChangeMessage = Exclude<keyof typeof zh, 'heading' | 'intro' | 'password' | 'confirm' | 'submit'>;

export function passwordChangeMessages(lang: Lang): typeof zh {
  return lang === 'en' ? en : zh;
}

export function passwordChangePage(o: PageOptions, v: { action: string; csrf: string; error: PasswordChangeMessage | null }): string {
  const t = passwordChangeMessages(o.lang);
  const error = v.error === null ? '' : `<p class="error" role="alert">${esc(t[v.error])}</p>`;
  return page({ ...o, title: t.heading }, `<h1>${esc(t.heading)}</h1>
<p>${esc(t.intro)}</p>
${error}
<form method="post" action="${esc(v.action)}" class="card">
<input type="hidden" name="csrf" value="${esc(v.csrf)}">
<label for="new-password">${esc(t.password)}</label>
<input id="new-password" name="password" type="password" autocomplete="new-password" required minlength="8" maxlength="256" autofocus>
<label for="new-password-confirm">${esc(t.confirm)}</label>
<input id="new-password-confirm" name="confirm" type="password" autocomplete="new-password" required minlength="8" maxlength="256">
<button type="submit">${esc(t.submit)}</button>
</form>`);
}
