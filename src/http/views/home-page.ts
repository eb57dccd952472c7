// The home page at `/`: what this deployment is, where each kind of visitor goes (sign-in, the
// holder portal, verification, the seal desk, administration), and the addresses an app's
// developer needs (the issuer and its discovery document). A plain page: no script.
import { esc, page } from './html.ts';
import type { PageOptions } from './html.ts';
import type { Lang } from './i18n.ts';

const zh = {
  title: '首页',
  lead: '统一身份认证 · 电子印章 · 电子证照',
  places: '办事入口',
  signIn: '登录',
  signInHint: '个人、法人登录后查看和出示自己的电子证照。',
  holder: '我的证照',
  holderHint: '查看、下载和分享您的电子证照。',
  account: '我的账号',
  accountHint: '修改密码、完成实名核验。',
  verify: '验证证照',
  verifyHint: '输入证照上的验证码、扫描二维码或上传文件，核验真伪和状态。',
  desk: '用印台',
  deskHint: '工作人员为文件加盖电子印章。',
  licenceDesk: '证照签发',
  licenceDeskHint: '发证部门的工作人员签发电子证照，查询、暂扣、恢复、吊销和注销证照。',
  admin: '管理',
  adminHint: '管理员管理部门、人员和接入应用。',
  audit: '审计日志',
  auditHint: '审计员查询、导出审计日志和登录事件，查看日志链与检查点状态。',
  developers: '接入信息',
  issuer: '签发者（Issuer）',
  discovery: '发现文档（Discovery）',
  developersHint: '应用通过 OpenID Connect 接入：在“管理”中注册应用后，使用以上地址。',
  notSetUp: '本平台尚未完成初始化。运维人员请运行：',
};

const en: typeof zh = {
  title: 'Home',
  lead: 'Unified identity · e-seals · e-licences',
  places: 'Where to go',
  signIn: 'Sign in',
  signInHint: 'People and organisations sign in to see and show their own e-licences.',
  holder: 'My licences',
  holderHint: 'See, download and share your e-licences.',
  account: 'My account',
  accountHint: 'Change your password and check your real name.',
  verify: 'Verify a licence',
  verifyHint: 'Type the code on a licence, scan its QR code or upload its file to check it and its status.',
  desk: 'Seal desk',
  deskHint: 'Staff stamp documents with their department\'s e-seals.',
  licenceDesk: 'Licence desk',
  licenceDeskHint: 'Issuing departments\' staff issue e-licences, find them, and suspend, resume, revoke or cancel them.',
  admin: 'Administration',
  adminHint: 'Administrators manage departments, staff and apps.',
  audit: 'Audit log',
  auditHint: 'Auditors search and export the audit log and sign-in events, and see its chain and checkpoint status.',
  developers: 'For app developers',
  issuer: 'Issuer',
  discovery: 'Discovery document',
  developersHint: 'Apps connect with OpenID Connect: register the app under Administration, then use these addresses.',
  notSetUp: 'This deployment is not set up yet. The operator runs:',
};

export function homeMessages(lang: Lang): typeof zh {
  return lang === 'en' ? en : zh;
}

export interface HomeView {
  /** The deployment's name: the organisation's root department, else the configured organisation. */
  name: string;
  issuer: string;
  discovery: string;
  setUp: boolean;
}

export function homePage(o: PageOptions, v: HomeView): string {
  const m = homeMessages(o.lang);
  const place = (href: string, id: string, label: string, hint: string) =>
    `<li><a class="place" id="go-${id}" href="${esc(href)}">${esc(label)}</a><span class="muted">${esc(hint)}</span></li>`;
  const notice = v.setUp ? '' : `<p class="notice" role="status">${esc(m.notSetUp)} <code>npm run yinxin -- setup</code></p>`;
  return page(o, `<link rel="stylesheet" href="/static/home.css">
<h1>${esc(v.name)}</h1>
<p class="lead">${esc(m.lead)}</p>
${notice}
<section class="card" aria-labelledby="places">
<h2 id="places">${esc(m.places)}</h2>
<ul class="places">
${place('/holder', 'sign-in', m.signIn, m.signInHint)}
${place('/holder', 'holder', m.holder, m.holderHint)}
${place('/account', 'account', m.account, m.accountHint)}
${place('/verify', 'verify', m.verify, m.verifyHint)}
${place('/desk/seals', 'desk', m.desk, m.deskHint)}
${place('/desk/licences', 'licence-desk', m.licenceDesk, m.licenceDeskHint)}
${place('/admin', 'admin', m.admin, m.adminHint)}
${place('/admin/audit', 'audit', m.audit, m.auditHint)}
</ul>
</section>
<section class="card" aria-labelledby="developers">
<h2 id="developers">${esc(m.developers)}</h2>
<dl class="endpoints">
<dt>${esc(m.issuer)}</dt><dd><code id="issuer">${esc(v.issuer)}</code></dd>
<dt>${esc(m.discovery)}</dt><dd><a id="discovery" href="${esc(v.discovery)}"><code>${esc(v.discovery)}</code></a></dd>
</dl>
<p class="muted">${esc(m.developersHint)}</p>
</section>`);
}
