// The account page (/account): who is signed in, changing the password, and the real-name check.
// Plain forms with a CSRF token: no script, so nothing for the CSP to allow. One column of
// paragraphs and fields, so it fits a 360 px screen.
import type { AssuranceLevel } from '../../domain/assurance.ts';
import { esc, page } from './html.ts';
import type { PageOptions } from './html.ts';
import type { Lang } from './i18n.ts';

const zh = {
  heading: '我的账号',
  name: '姓名',
  phone: '手机号',
  none: '未登记',
  kind: '账号类型',
  citizen: '个人',
  legal_person: '法人',
  staff: '工作人员',
  level: '认证级别',
  L1: 'L1（未实名）',
  L2: 'L2（已实名）',
  L3: 'L3（人脸核验）',
  L4: 'L4（数字证书或现场核验）',
  realNameHeading: '实名核验',
  realNameNext: '下一步：完成实名核验。核验后可查看证照、办理更多事项。',
  realNameStart: '开始实名核验',
  realNameDone: '已完成实名核验。',
  passwordHeading: '修改密码',
  current: '当前密码',
  password: '新密码（至少8位）',
  confirm: '再次输入新密码',
  submit: '保存新密码',
  changed: '密码已修改，下次请用新密码登录。',
  wrong: '当前密码不正确。',
  too_short: '新密码至少8位。',
  mismatch: '两次输入的新密码不一致。',
  same_as_current: '新密码不能与当前密码相同。',
  invalid: '请填写所有密码栏。',
  noPassword: '此账号未设置密码。',
  home: '返回首页',
};

const en: typeof zh = {
  heading: 'My account',
  name: 'Name',
  phone: 'Mobile number',
  none: 'none on record',
  kind: 'Account kind',
  citizen: 'Person',
  legal_person: 'Legal person',
  staff: 'Staff',
  level: 'Assurance level',
  L1: 'L1 (name not checked)',
  L2: 'L2 (real name checked)',
  L3: 'L3 (face check)',
  L4: 'L4 (certificate or in-person check)',
  realNameHeading: 'Real-name check',
  realNameNext: 'Next step: check your real name. After it you can see your licences and do more online.',
  realNameStart: 'Start the real-name check',
  realNameDone: 'Your real name is checked.',
  passwordHeading: 'Change password',
  current: 'Current password',
  password: 'New password (at least 8 characters)',
  confirm: 'New password again',
  submit: 'Save the new password',
  changed: 'Password changed. Sign in with the new one from now on.',
  wrong: 'The current password is not right.',
  too_short: 'The new password needs at least 8 characters.',
  mismatch: 'The two new passwords differ.',
  same_as_current: 'The new password must differ from the current one.',
  invalid: 'Please fill in every password field.',
  noPassword: 'This account has no password.',
  home: 'Back to the home page',
};

export type AccountMessages = typeof zh;
export type AccountProblem = 'wrong' | 'too_short' | 'mismatch' | 'same_as_current' | 'invalid';

export function accountMessages(lang: Lang): AccountMessages {
  return lang === 'en' ? en : zh;
}

export interface AccountView {
  name: string;
  /** Already masked. */
  phone: string | null;
  kind: 'citizen' | 'legal_person' | 'staff';
  level: AssuranceLevel;
  hasPassword: boolean;
  /** True when the real-name check applies (a citizen at L1). */
  realNameOffered: boolean;
  csrf: string;
  notice?: 'changed';
  problem?: AccountProblem;
}

export function accountPage(o: PageOptions, v: AccountView): string {
  const t = accountMessages(o.lang);
  const row = (k: string, value: string, id: string) => `<p><span class="muted">${esc(k)}</span><br><strong id="${id}">${esc(value)}</strong></p>`;
  const realName = v.realNameOffered
    ? `<section class="card" aria-labelledby="real-name-h"><h2 id="real-name-h">${esc(t.realNameHeading)}</h2>
<p>${esc(t.realNameNext)}</p>
<form method="post" action="/account/real-name"><input type="hidden" name="csrf" value="${esc(v.csrf)}"><button type="submit">${esc(t.realNameStart)}</button></form>
</section>`
    : v.kind === 'citizen' ? `<p class="notice">${esc(t.realNameDone)}</p>` : '';
  const outcome = v.problem ? `<p class="error" role="alert">${esc(t[v.problem])}</p>` : v.notice ? `<p class="notice" role="status">${esc(t[v.notice])}</p>` : '';
  const password = v.hasPassword
    ? `<form method="post" action="/account/password" class="card" aria-labelledby="password-h">
<h2 id="password-h">${esc(t.passwordHeading)}</h2>
${outcome}
<input type="hidden" name="csrf" value="${esc(v.csrf)}">
<label for="current-password">${esc(t.current)}</label>
<input id="current-password" name="current" type="password" autocomplete="current-password" required maxlength="256">
<label for="new-password">${esc(t.password)}</label>
<input id="new-password" name="password" type="password" autocomplete="new-password" required minlength="8" maxlength="256">
<label for="new-password-confirm">${esc(t.confirm)}</label>
<input id="new-password-confirm" name="confirm" type="password" autocomplete="new-password" required minlength="8" maxlength="256">
<button type="submit">${esc(t.submit)}</button>
</form>`
    : `<p class="muted">${esc(t.noPassword)}</p>`;
  return page({ ...o, title: t.heading }, `<h1>${esc(t.heading)}</h1>
<section class="card" aria-label="${esc(t.heading)}">
${row(t.name, v.name, 'account-name')}
${row(t.phone, v.phone ?? t.none, 'account-phone')}
${row(t.kind, t[v.kind], 'account-kind')}
${row(t.level, t[v.level], 'account-level')}
</section>
${realName}
${password}
<p><a href="/">${esc(t.home)}</a></p>`);
}
