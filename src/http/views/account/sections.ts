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
];

export const sectionName = (s: AccountSection, lang: Lang) => (lang === 'en' ? s.en : s.zh);
