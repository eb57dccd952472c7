// Text of the holder portal (我的证照) in Chinese and English. The page script takes the part it
// needs from a data attribute, so that it holds no text of its own.
import type { Lang } from './i18n.ts';

const zh = {
  title: '我的证照',
  signIn: '使用统一身份认证登录',
  signOut: '退出',
  account: '我的账号（密码、登录设备、已授权应用）',
  switchOrg: '切换办事身份（本人或所代表的企业）',
  actingSelf: '当前身份：本人', actingFor: '当前身份：代表 ',
  intro: '登录后可查看您的电子证照，并按需出示（亮证）。',
  loading: '正在加载……',
  none: '暂无证照。',
  identifier: '证照编号', status: '状态', validUntil: '有效期至',
  show: '出示', longTerm: '长期', downloadPdf: '下载PDF', downloadOfd: '下载OFD', face: '证照照面', faceOpen: '查看大图',
  shareHeading: '出示证照',
  fieldsLegend: '选择要出示的信息（未选的将被遮蔽）',
  purpose: '用途', lifetime: '有效时长', singleUse: '仅限查验一次',
  lifetimes: { 300: '5分钟', 3600: '1小时', 86400: '1天', 604800: '7天' } as Record<string, string>,
  create: '生成出示码',
  shareLink: '出示链接', shareCode: '出示码', expiresAt: '失效时间',
  revoke: '撤销出示', revoked: '已撤销：该链接和出示码不再可用。',
  qrAlt: '出示二维码', qrNote: '二维码每分钟自动更新，截图很快失效；对方也可输入出示码。', qrEnded: '出示已结束，二维码不再更新。',
  historyHeading: '出示与查验记录', refresh: '刷新', noAccess: '尚无人查验',
  code: '出示码', state: '状态', checks: '查验记录',
  states: { active: '有效', revoked: '已撤销', expired: '已过期', used: '已使用' } as Record<string, string>,
  verifierPublic: '凭出示码或链接查验', verifierApp: '登记的查验系统',
  checksHeading: '证照查验记录（扫码、上传或输入编号）', noChecks: '尚无查验记录', checkedPublic: '公众查验', result: '结果', checkedAt: '查验时间', channel: '方式', verifier: '查验方',
  channels: { handle: '扫描证照二维码', identifier: '输入证照编号', pdf: '上传文件', share: '出示码或链接', ses: '上传签名数据', ofd: '上传OFD文件' } as Record<string, string>,
  usesHeading: '证照使用记录（办事调取）', noUses: '尚无调取记录', usedAt: '时间', usedBy: '调取系统', usedFor: '办理事项', usedFields: '信息项', usedGround: '依据',
  groundConsent: '本人授权', groundLaw: '法定依据：', caseNo: '案件号：',
  consentsHeading: '我的用证授权', noConsents: '尚无授权', consentUntil: '有效至', withdraw: '撤回授权', withdrawn: '已撤回',
  consentStates: { live: '有效', withdrawn: '已撤回', expired: '已过期', used: '已使用' } as Record<string, string>,
  modes: { once: '一次性', standing: '持续授权' } as Record<string, string>,
  failed: '操作失败：',
};

const en: typeof zh = {
  title: 'My licences',
  signIn: 'Sign in with the city identity service',
  signOut: 'Sign out',
  account: 'My account (password, devices, apps you allowed)',
  switchOrg: 'Switch between myself and an enterprise I act for',
  actingSelf: 'Acting as myself', actingFor: 'Acting for ',
  intro: 'Sign in to see your electronic licences and show them to others.',
  loading: 'Loading…',
  none: 'No licences yet.',
  identifier: 'Identifier', status: 'Status', validUntil: 'Valid until',
  show: 'Show', longTerm: 'No expiry', downloadPdf: 'Download PDF', downloadOfd: 'Download OFD', face: 'Licence face', faceOpen: 'View full size',
  shareHeading: 'Show a licence',
  fieldsLegend: 'Choose what to show (the rest is masked)',
  purpose: 'Purpose', lifetime: 'Valid for', singleUse: 'Single use',
  lifetimes: { 300: '5 minutes', 3600: '1 hour', 86400: '1 day', 604800: '7 days' },
  create: 'Create share',
  shareLink: 'Share link', shareCode: 'Share code', expiresAt: 'Expires at',
  revoke: 'Revoke share', revoked: 'Revoked: the link and code no longer work.',
  qrAlt: 'Share QR code', qrNote: 'The QR code renews every minute, so a photo of it soon stops working; the share code can be typed instead.', qrEnded: 'The share has ended; the QR code is no longer renewed.',
  historyHeading: 'Shares and who checked them', refresh: 'Refresh', noAccess: 'Not checked yet',
  code: 'Code', state: 'State', checks: 'Checks',
  states: { active: 'Active', revoked: 'Revoked', expired: 'Expired', used: 'Used' },
  verifierPublic: 'with the code or link', verifierApp: 'registered verifier system',
  checksHeading: 'Checks of this licence (QR scan, upload or identifier)', noChecks: 'No checks yet', checkedPublic: 'public check', result: 'Result', checkedAt: 'Checked at', channel: 'How', verifier: 'By',
  channels: { handle: 'licence QR code scanned', identifier: 'identifier typed', pdf: 'file uploaded', share: 'share code or link', ses: 'signature data uploaded', ofd: 'OFD file uploaded' },
  usesHeading: 'Uses of my licences (retrieved for a service)', noUses: 'No uses yet', usedAt: 'When', usedBy: 'System', usedFor: 'Service', usedFields: 'Fields', usedGround: 'Ground',
  groundConsent: 'your consent', groundLaw: 'legal basis: ', caseNo: 'case: ',
  consentsHeading: 'My consents to licence use', noConsents: 'No consents', consentUntil: 'Until', withdraw: 'Withdraw', withdrawn: 'Withdrawn',
  consentStates: { live: 'In force', withdrawn: 'Withdrawn', expired: 'Expired', used: 'Used' },
  modes: { once: 'one-time', standing: 'standing' },
  failed: 'Failed: ',
};

export type HolderMessages = typeof zh;

export function holderMessages(lang: Lang): HolderMessages {
  return lang === 'en' ? en : zh;
}
