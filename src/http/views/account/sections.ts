// The sections of the account pages, in the order the overview lists them. Each has a page at
// its path (routes/account/<section>.ts) and its own words (views/account/<section>.ts).
import type { Lang } from '../i18n.ts';

export interface AccountSection {
  path: string;
  /** The link's id on the overview (for tests and in-page anchors). */
  id: string;
  zh: string;
  en: string;
}

export const ACCOUNT_SECTIONS: readonly AccountSection[] = [
  { path: '/account/password', id: 'go-password', zh: '修改密码', en: 'Change password' },
  { path: '/account/phone', id: 'go-phone', zh: '更换手机号', en: 'Change mobile number' },
  { path: '/account/security', id: 'go-security', zh: '动态口令（身份验证器）', en: 'One-time passwords' },
  { path: '/account/sessions', id: 'go-sessions', zh: '登录设备与会话', en: 'Devices and sessions' },
  { path: '/account/apps', id: 'go-apps', zh: '已授权的应用', en: 'Apps you allowed' },
  { path: '/account/history', id: 'go-history', zh: '登录记录', en: 'Sign-in history' },
];

export const sectionName = (s: AccountSection, lang: Lang) => (lang === 'en' ? s.en : s.zh);
