// The sessions section of the account pages (/account/sessions): each open sign-in, the current
// one first, with its device, address (host hidden), when it began and was last active, and the
// apps used in it; end any other one, or all others at once. Ending one signs its apps out too.
import { esc } from '../html.ts';
import type { PageOptions } from '../html.ts';
import type { OwnSession } from '../../../services/identity/list-own-sessions.ts';
import { csrfField, outcomeLine, sectionPage } from './shell.ts';
import { deviceName, isoOf, when } from './when.ts';

const zh = {
  heading: '登录设备与会话',
  intro: '以下是您的账号当前保持登录的浏览器。不认识的登录，请结束它并修改密码。',
  current: '当前设备',
  device: '设备',
  unknownDevice: '未记录',
  ip: 'IP 地址',
  signedIn: '登录时间',
  lastActive: '最近活动',
  apps: '使用的应用',
  noApps: '无',
  end: '结束此会话',
  endOthers: '结束其他所有会话',
  signOut: '退出登录',
  none: '没有其他会话。',
  ended: '已结束 {n} 个会话，相关应用已收到退出通知。',
  gone: '该会话已结束。',
};

const en: typeof zh = {
  heading: 'Devices and sessions',
  intro: 'These browsers are signed in to your account now. If you do not recognise one, end it and change your password.',
  current: 'This device',
  device: 'Device',
  unknownDevice: 'not recorded',
  ip: 'IP address',
  signedIn: 'Signed in',
  lastActive: 'Last active',
  apps: 'Apps used',
  noApps: 'none',
  end: 'End this session',
  endOthers: 'End all other sessions',
  signOut: 'Sign out',
  none: 'No other sessions.',
  ended: '{n} session(s) ended; their apps were told.',
  gone: 'That session had already ended.',
};

export interface SessionsView {
  sessions: OwnSession[];
  csrf: string;
  /** How many sessions a request just ended (0: it was already gone). */
  ended?: number;
}

export function sessionsPage(o: PageOptions, v: SessionsView): string {
  const t = o.lang === 'en' ? en : zh;
  const csrf = csrfField(v.csrf);
  const time = (s: number) => `<time datetime="${esc(isoOf(s))}">${esc(when(s, o.lang))}</time>`;
  const item = (s: OwnSession, i: number) => {
    const action = s.current
      ? `<form method="post" action="/account/sign-out">${csrf}<button type="submit" class="secondary">${esc(t.signOut)}</button></form>`
      : `<form method="post" action="/account/sessions/end">${csrf}<input type="hidden" name="session" value="${esc(s.id)}"><button type="submit" class="secondary" aria-describedby="session-${i}-h">${esc(t.end)}</button></form>`;
    return `<li class="card" aria-labelledby="session-${i}-h" data-session="${esc(s.id)}"${s.current ? ' data-current="true"' : ''}>
<h2 id="session-${i}-h">${esc(deviceName(s.device?.userAgent ?? null) ?? t.unknownDevice)}${s.current ? ` <span class="notice">${esc(t.current)}</span>` : ''}</h2>
<p><span class="muted">${esc(t.ip)}</span><br><span class="nowrap">${esc(s.device?.ip ?? t.unknownDevice)}</span></p>
<p><span class="muted">${esc(t.signedIn)}</span><br>${time(s.signedInAt)}</p>
<p><span class="muted">${esc(t.lastActive)}</span><br>${time(s.lastActiveAt)}</p>
<p><span class="muted">${esc(t.apps)}</span><br>${esc(s.apps.map((a) => a.name).join('、') || t.noApps)}</p>
${action}
</li>`;
  };
  const others = v.sessions.some((s) => !s.current);
  const notice = v.ended === undefined ? undefined : v.ended > 0 ? t.ended.replace('{n}', String(v.ended)) : t.gone;
  return sectionPage(o, t.heading, `${outcomeLine(undefined, notice)}
<p>${esc(t.intro)}</p>
<ul class="account-list">
${v.sessions.map(item).join('\n')}
</ul>
${others ? `<form method="post" action="/account/sessions/end-others">${csrf}<button type="submit">${esc(t.endOthers)}</button></form>` : `<p class="muted">${esc(t.none)}</p>`}`);
}
