// Text of the holder portal (我的证照) in Chinese and English. The page script takes the part it
// needs from a data attribute, so that it holds no text of its own.
import type { Lang } from './i18n.ts';

const zh = {
  title: '我的证照',
  signIn: '使用统一身份认证登录',
  signOut: '退出',
  intro: '登录后可查看您的电子证照，并按需出示（亮证）。',
  loading: '正在加载……',
  none: '暂无证照。',
  type: '证照', identifier: '证照编号', status: '状态', validUntil: '有效期至', actions: '操作',
  show: '出示', longTerm: '长期',
  shareHeading: '出示证照',
  fieldsLegend: '选择要出示的信息（未选的将被遮蔽）',
  purpose: '用途', lifetime: '有效时长', singleUse: '仅限查验一次',
  lifetimes: { 300: '5分钟', 3600: '1小时', 86400: '1天', 604800: '7天' } as Record<string, string>,
  create: '生成出示码',
  shareLink: '出示链接', shareCode: '出示码', expiresAt: '失效时间',
  revoke: '撤销出示', revoked: '已撤销：该链接和出示码不再可用。',
  failed: '操作失败：',
};

const en: typeof zh = {
  title: 'My licences',
  signIn: 'Sign in with the city identity service',
  signOut: 'Sign out',
  intro: 'Sign in to see your electronic licences and show them to others.',
  loading: 'Loading…',
  none: 'No licences yet.',
  type: 'Licence', identifier: 'Identifier', status: 'Status', validUntil: 'Valid until', actions: 'Actions',
  show: 'Show', longTerm: 'No expiry',
  shareHeading: 'Show a licence',
  fieldsLegend: 'Choose what to show (the rest is masked)',
  purpose: 'Purpose', lifetime: 'Valid for', singleUse: 'Single use',
  lifetimes: { 300: '5 minutes', 3600: '1 hour', 86400: '1 day', 604800: '7 days' },
  create: 'Create share',
  shareLink: 'Share link', shareCode: 'Share code', expiresAt: 'Expires at',
  revoke: 'Revoke share', revoked: 'Revoked: the link and code no longer work.',
  failed: 'Failed: ',
};

export type HolderMessages = typeof zh;

export function holderMessages(lang: Lang): HolderMessages {
  return lang === 'en' ? en : zh;
}
