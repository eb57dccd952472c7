// The account overview (/account): who is signed in, the real-name check as the next step when it
// applies, and the sections (sections.ts). Plain forms with a CSRF token: no script, so nothing
// for the CSP to allow. One column, so it fits a 360 px screen.
import type { AssuranceLevel } from '../../../domain/assurance.ts';
import { esc, page } from '../html.ts';
import type { PageOptions } from '../html.ts';
import { ACCOUNT_SECTIONS, sectionName } from './sections.ts';
import { csrfField } from './shell.ts';

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
  manage: '账号与安全',
  licences: '我的证照',
  home: '返回首页',
  signOut: '退出登录',
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
  manage: 'Account and security',
  licences: 'My licences',
  home: 'Back to the home page',
  signOut: 'Sign out',
};

export interface AccountView {
  name: string;
  /** Already masked. */
  phone: string | null;
  kind: 'citizen' | 'legal_person' | 'staff';
  level: AssuranceLevel;
  /** True when the real-name check applies (a citizen at L1). */
  realNameOffered: boolean;
  csrf: string;
}

export function accountPage(o: PageOptions, v: AccountView): string {
  const t = o.lang === 'en' ? en : zh;
  const row = (k: string, value: string, id: string) => `<p><span class="muted">${esc(k)}</span><br><strong id="${id}">${esc(value)}</strong></p>`;
  const realName = v.realNameOffered
    ? `<section class="card" aria-labelledby="real-name-h"><h2 id="real-name-h">${esc(t.realNameHeading)}</h2>
<p>${esc(t.realNameNext)}</p>
<form method="post" action="/account/real-name">${csrfField(v.csrf)}<button type="submit">${esc(t.realNameStart)}</button></form>
</section>`
    : v.kind === 'citizen' ? `<p class="notice">${esc(t.realNameDone)}</p>` : '';
  const sections = ACCOUNT_SECTIONS.map((s) => `<li><a href="${esc(s.path)}" id="${esc(s.id)}">${esc(sectionName(s, o.lang))}</a></li>`).join('\n');
  const licences = v.kind === 'staff' ? '' : `<li><a href="/holder" id="go-licences">${esc(t.licences)}</a></li>`;
  return page({ ...o, title: t.heading }, `<h1>${esc(t.heading)}</h1>
<section class="card" aria-label="${esc(t.heading)}">
${row(t.name, v.name, 'account-name')}
${row(t.phone, v.phone ?? t.none, 'account-phone')}
${row(t.kind, t[v.kind], 'account-kind')}
${row(t.level, t[v.level], 'account-level')}
</section>
${realName}
<nav class="card" aria-labelledby="manage-h"><h2 id="manage-h">${esc(t.manage)}</h2>
<ul class="account-sections">
${sections}
${licences}
</ul></nav>
<form method="post" action="/account/sign-out">${csrfField(v.csrf)}<button type="submit" class="secondary" id="sign-out">${esc(t.signOut)}</button></form>
<p><a href="/">${esc(t.home)}</a></p>`);
}
