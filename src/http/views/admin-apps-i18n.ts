// Text of the app administration page in Chinese and English. The page script takes what it
// needs from a data attribute, so that it holds no text of its own.
import type { Lang } from './i18n.ts';

const zh = {
  title: '应用管理',
  intro: '管理员使用统一身份认证登录（需要动态口令）后，可查看和注册接入的政务应用。',
  signIn: '管理员登录',
  signOut: '退出',
  loading: '正在加载……',
  none: '暂无应用。',
  failed: '操作失败：',
  listHeading: '已注册应用',
  clientId: '应用标识', name: '名称', kind: '类型', status: '状态', subject: '用户标识', alg: 'ID令牌签名', refresh: '刷新令牌',
  kinds: { first_party: '政府自有应用（免授权确认）', third_party: '第三方应用' } as Record<string, string>,
  kindsShort: { first_party: '自有', third_party: '第三方' } as Record<string, string>,
  statuses: { active: '启用', disabled: '停用' } as Record<string, string>,
  subjects: { public: '账号标识', pairwise: '按领域区分' } as Record<string, string>,
  registerHeading: '注册应用',
  publicClient: '公开客户端（浏览器或移动应用，使用 PKCE，无密钥）',
  applicationType: '应用形态',
  applicationTypes: { web: '网站（回调地址须为 https）', native: '移动或桌面客户端（回环地址或自有协议）' } as Record<string, string>,
  redirectUris: '回调地址（每行一个）',
  grantTypes: '授权方式',
  scopes: '允许的范围（空格分隔）',
  sector: '领域（主机名，选填；默认取第一个回调地址的主机）',
  fullIdNumber: '可获取完整身份证号',
  refreshPolicy: '刷新令牌发放',
  refreshPolicies: { offline_access: '仅在应用请求 offline_access 时', always: '每次登录' } as Record<string, string>,
  refreshPolicyHint: '“每次登录”须勾选 refresh_token 授权方式；默认仅在应用请求 offline_access 范围时发放刷新令牌。',
  submit: '注册',
  created: '已注册。客户端密钥仅显示这一次，请立即妥善保存：',
  createdPublic: '已注册（公开客户端，无密钥）。',
};

const en: typeof zh = {
  title: 'Apps',
  intro: 'Administrators sign in through the city identity service (with a one-time password) to list and register government apps.',
  signIn: 'Administrator sign-in',
  signOut: 'Sign out',
  loading: 'Loading…',
  none: 'No apps yet.',
  failed: 'Failed: ',
  listHeading: 'Registered apps',
  clientId: 'Client id', name: 'Name', kind: 'Kind', status: 'Status', subject: 'Subject', alg: 'ID token signature', refresh: 'Refresh tokens',
  kinds: { first_party: 'Government app (no consent page)', third_party: 'Third-party app' },
  kindsShort: { first_party: 'Own', third_party: 'Third-party' },
  statuses: { active: 'Active', disabled: 'Disabled' },
  subjects: { public: 'Account id', pairwise: 'Per sector' },
  registerHeading: 'Register an app',
  publicClient: 'Public client (browser or mobile app, PKCE, no secret)',
  applicationType: 'Application type',
  applicationTypes: { web: 'Website (https redirect URIs)', native: 'Mobile or desktop program (loopback or its own scheme)' },
  redirectUris: 'Redirect URIs (one a line)',
  grantTypes: 'Grant types',
  scopes: 'Allowed scopes (space-separated)',
  sector: 'Sector (host name, optional; by default the host of the first redirect URI)',
  fullIdNumber: 'May receive the full ID number',
  refreshPolicy: 'Refresh tokens',
  refreshPolicies: { offline_access: 'Only when the app asks for offline_access', always: 'At every sign-in' },
  refreshPolicyHint: 'Refresh tokens are issued only when the app asks for the offline_access scope, or at every sign-in ("always" needs the refresh_token grant).',
  submit: 'Register',
  created: 'Registered. The client secret is shown this once only; keep it safe now:',
  createdPublic: 'Registered (public client, no secret).',
};

export type AdminAppsMessages = typeof zh;

export function adminAppsMessages(lang: Lang): AdminAppsMessages {
  return lang === 'en' ? en : zh;
}
