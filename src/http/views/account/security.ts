// The authenticator section of the account pages (/account/security): add an authenticator app
// (after re-authentication: a recent sign-in or the current password, then a QR code drawn on
// the server and the first code), or remove it (a current code, or re-authentication).
import { esc } from '../html.ts';
import type { PageOptions } from '../html.ts';
import { csrfField, outcomeLine, sectionPage } from './shell.ts';

const zh = {
  heading: '动态口令（身份验证器）',
  off: '未启用。启用后，每次登录除密码或短信验证码外，还需填写身份验证器应用显示的6位动态口令。',
  on: '已启用：登录时需要填写动态口令。',
  reauth: '为保护账号，请先确认身份：输入当前密码，或重新登录。',
  password: '当前密码',
  start: '添加身份验证器',
  signInAgain: '重新登录后继续',
  scan: '用身份验证器应用（任何支持 TOTP 的应用）扫描二维码，或手动输入密钥，然后填写应用显示的6位口令。',
  qr: '动态口令二维码',
  secret: '密钥',
  code: '6位动态口令',
  confirm: '确认启用',
  removeHeading: '停用动态口令',
  removeHint: '填写身份验证器当前显示的口令；手机丢失时，可改为输入当前密码。',
  removeWithCode: '用动态口令停用',
  removeWithPassword: '用密码停用',
  removeRecent: '您刚刚登录过，可直接停用。',
  remove: '停用',
  enrolled: '动态口令已启用。下次登录时请准备好身份验证器。',
  removed: '动态口令已停用。',
  wrong_password: '当前密码不正确。',
  bad_code: '动态口令错误，请重试。',
  locked: '错误次数过多，请15分钟后再试。',
  reauthenticate: '请先输入当前密码或重新登录。',
  expired: '添加已超时，请重新开始。',
  invalid: '请检查填写的内容。',
};

const en: typeof zh = {
  heading: 'One-time passwords (authenticator app)',
  off: 'Off. Once on, every sign-in also asks for the 6-digit code your authenticator app shows.',
  on: 'On: signing in asks for a one-time password.',
  reauth: 'To protect your account, confirm it is you first: your current password, or sign in again.',
  password: 'Current password',
  start: 'Add an authenticator',
  signInAgain: 'Sign in again to continue',
  scan: 'Scan the QR code with an authenticator app (any TOTP app), or type the key, then enter the 6-digit code it shows.',
  qr: 'QR code for the authenticator app',
  secret: 'Key',
  code: '6-digit code',
  confirm: 'Turn on',
  removeHeading: 'Turn off one-time passwords',
  removeHint: 'Enter the code your authenticator shows now; if you lost the phone, your current password instead.',
  removeWithCode: 'Turn off with a code',
  removeWithPassword: 'Turn off with the password',
  removeRecent: 'You signed in a moment ago, so you can turn it off directly.',
  remove: 'Turn off',
  enrolled: 'One-time passwords are on. Keep your authenticator at hand when you sign in.',
  removed: 'One-time passwords are off.',
  wrong_password: 'The current password is not right.',
  bad_code: 'Wrong one-time password; please try again.',
  locked: 'Too many wrong attempts; please try again in 15 minutes.',
  reauthenticate: 'Please give your current password or sign in again first.',
  expired: 'Adding took too long; please start again.',
  invalid: 'Please check what you entered.',
};

export type SecurityProblem = 'wrong_password' | 'bad_code' | 'locked' | 'reauthenticate' | 'expired' | 'invalid';

export interface SecurityView {
  enrolled: boolean;
  /** A sign-in within the last five minutes: no password needed. */
  recent: boolean;
  hasPassword: boolean;
  /** An enrolment under way: its QR code (a data: PNG drawn on the server) and key. */
  pending: { qrDataUrl: string; secret: string } | null;
  csrf: string;
  notice?: 'enrolled' | 'removed';
  problem?: SecurityProblem;
}

export function securityPage(o: PageOptions, v: SecurityView): string {
  const t = o.lang === 'en' ? en : zh;
  const csrf = csrfField(v.csrf);
  const passwordField = (id: string) => `<label for="${id}">${esc(t.password)}</label>
<input id="${id}" name="password" type="password" autocomplete="current-password" maxlength="256" required>`;
  const signInAgain = `<form method="post" action="/account/security/reauth">${csrf}<button type="submit" class="secondary" id="sign-in-again">${esc(t.signInAgain)}</button></form>`;
  let body: string;
  if (v.enrolled) {
    const byPassword = v.recent
      ? `<p>${esc(t.removeRecent)}</p><form method="post" action="/account/security/remove">${csrf}<button type="submit" class="secondary" id="totp-remove-recent">${esc(t.remove)}</button></form>`
      : v.hasPassword
        ? `<form method="post" action="/account/security/remove">${csrf}${passwordField('remove-password')}<button type="submit" class="secondary">${esc(t.removeWithPassword)}</button></form>`
        : signInAgain;
    body = `<section class="card" aria-labelledby="totp-state"><p id="totp-state"><strong>${esc(t.on)}</strong></p></section>
<section class="card" aria-labelledby="remove-h"><h2 id="remove-h">${esc(t.removeHeading)}</h2>
<p class="muted">${esc(t.removeHint)}</p>
<form method="post" action="/account/security/remove">${csrf}
<label for="remove-code">${esc(t.code)}</label>
<input id="remove-code" name="code" inputmode="numeric" autocomplete="one-time-code" pattern="[0-9]{6}" maxlength="6" required>
<button type="submit">${esc(t.removeWithCode)}</button></form>
${byPassword}
</section>`;
  } else if (v.pending) {
    body = `<section class="card" aria-labelledby="scan-h"><h2 id="scan-h">${esc(t.start)}</h2>
<p>${esc(t.scan)}</p>
<p class="qr-image"><img src="${esc(v.pending.qrDataUrl)}" alt="${esc(t.qr)}" width="200" height="200"></p>
<p>${esc(t.secret)}：<code id="totp-secret">${esc(v.pending.secret.replace(/(.{4})/g, '$1 ').trim())}</code></p>
<form method="post" action="/account/security/confirm">${csrf}
<label for="confirm-code">${esc(t.code)}</label>
<input id="confirm-code" name="code" inputmode="numeric" autocomplete="one-time-code" pattern="[0-9]{6}" maxlength="6" required>
<button type="submit">${esc(t.confirm)}</button></form>
</section>`;
  } else {
    const start = v.recent
      ? `<form method="post" action="/account/security/start">${csrf}<button type="submit">${esc(t.start)}</button></form>`
      : `<p>${esc(t.reauth)}</p>${v.hasPassword ? `<form method="post" action="/account/security/start">${csrf}${passwordField('start-password')}<button type="submit">${esc(t.start)}</button></form>` : ''}${signInAgain}`;
    body = `<section class="card" aria-labelledby="totp-state"><p id="totp-state">${esc(t.off)}</p>${start}</section>`;
  }
  return sectionPage(o, t.heading, `${outcomeLine(v.problem && t[v.problem], v.notice && t[v.notice])}\n${body}`);
}
