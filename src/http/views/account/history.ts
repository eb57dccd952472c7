// The sign-in history section of the account pages (/account/history): the account's own
// sign-in records from the audit log, newest first, twenty a page: when, how, whether it
// succeeded, from where (the address's host hidden) and for which app when recorded.
import { esc } from '../html.ts';
import type { PageOptions } from '../html.ts';
import type { SignInRecord } from '../../../services/identity/sign-in-history.ts';
import { sectionPage } from './shell.ts';
import { isoOf, when } from './when.ts';

const zh = {
  heading: '登录记录',
  intro: '您账号的登录记录，最新的在前。如有不是您本人的登录，请修改密码并结束其他会话。',
  pwd: '密码', sms: '短信验证码', otp: '动态口令', hwk: '数字证书', qr: '扫码登录',
  success: '成功', failure: '失败', denied: '已锁定，被拒绝',
  ip: 'IP 地址', app: '应用', unknown: '未记录',
  none: '暂无登录记录。',
  older: '更早的记录',
  newest: '回到最新记录',
};

const en: typeof zh = {
  heading: 'Sign-in history',
  intro: 'Sign-ins to your account, newest first. If one was not you, change your password and end your other sessions.',
  pwd: 'Password', sms: 'SMS code', otp: 'One-time password', hwk: 'Digital certificate', qr: 'QR scan',
  success: 'Succeeded', failure: 'Failed', denied: 'Refused (locked)',
  ip: 'IP address', app: 'App', unknown: 'not recorded',
  none: 'No sign-ins recorded yet.',
  older: 'Older sign-ins',
  newest: 'Back to the newest',
};

export interface HistoryView {
  records: SignInRecord[];
  /** The `before` of the next (older) page, or null on the last page. */
  nextBefore: number | null;
  /** True when showing an older page. */
  paged: boolean;
}

type MethodKey = 'pwd' | 'sms' | 'otp' | 'hwk' | 'qr';
const METHOD_KEYS: readonly string[] = ['pwd', 'sms', 'otp', 'hwk', 'qr'] satisfies MethodKey[];

export function historyPage(o: PageOptions, v: HistoryView): string {
  const t = o.lang === 'en' ? en : zh;
  const item = (r: SignInRecord) => `<li class="card" data-outcome="${esc(r.outcome)}">
<h2><time datetime="${esc(isoOf(r.time))}">${esc(when(r.time, o.lang))}</time></h2>
<p>${esc(METHOD_KEYS.includes(r.method) ? t[r.method as MethodKey] : r.method)} · <strong class="${r.outcome === 'success' ? '' : 'error'}">${esc(t[r.outcome])}</strong></p>
<p><span class="muted">${esc(t.ip)}</span> <span class="nowrap">${esc(r.ip ?? t.unknown)}</span></p>
${r.app ? `<p><span class="muted">${esc(t.app)}</span> ${esc(r.app)}</p>` : ''}
</li>`;
  const pager = [
    v.nextBefore !== null ? `<a href="/account/history?before=${v.nextBefore}" id="history-older">${esc(t.older)}</a>` : '',
    v.paged ? `<a href="/account/history">${esc(t.newest)}</a>` : '',
  ].filter(Boolean).join(' · ');
  return sectionPage(o, t.heading, `<p>${esc(t.intro)}</p>
${v.records.length ? `<ol class="account-list" id="sign-in-history">\n${v.records.map(item).join('\n')}\n</ol>` : `<p class="muted">${esc(t.none)}</p>`}
${pager ? `<p>${pager}</p>` : ''}`);
}
