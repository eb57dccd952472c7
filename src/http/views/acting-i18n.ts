// Text of the acting-for-an-enterprise pages (法人办事) in Chinese and English.
import type { Lang } from './i18n.ts';

const zh = {
  heading: '选择办事身份',
  body: '您可以以个人身份，或代表以下单位办理“{app}”的业务：',
  required: '“{app}”要求以单位身份办理，请选择单位。',
  none: '您目前不能代表任何单位办理该应用的业务（需为单位的法定代表人，或经法定代表人授权且在授权范围和期限内）。',
  self: '以个人身份办理',
  legal_representative: '法定代表人',
  agent: '经办人（授权代理）',
  creditCode: '统一社会信用代码',
  submit: '确定',
  cancel: '取消',
  pick: '请选择一项。',
  refused: '您不能代表该单位办理此应用的业务（授权已撤销、已过期或不在授权范围内）。',
  agentsTitle: '单位经办人授权',
  agentsIntro: '法定代表人可以授权经办人代表单位办理业务，并随时撤销。',
  signIn: '使用统一身份认证登录',
  signOut: '退出',
  loading: '正在加载……',
  noEnterprises: '您不是任何单位的法定代表人。',
  enterprise: '单位',
  agentName: '经办人', idNumber: '身份证号', scope: '授权范围', expiresAt: '有效期至', state: '状态', actions: '操作',
  all: '全部业务', current: '有效', lapsed: '已过期', revoke: '撤销授权',
  noAgents: '尚未授权经办人。',
  grantHeading: '授权新的经办人',
  agentIdNumber: '经办人身份证号',
  scopeApps: '限定应用（填写应用标识，以逗号分隔；留空为全部业务）',
  expiresOn: '授权截止日期',
  grant: '授权',
  granted: '已授权。',
  revokedDone: '已撤销授权。',
  failed: '操作失败：',
};

const en: typeof zh = {
  heading: 'Choose who you act as',
  body: 'You can use “{app}” as yourself, or on behalf of one of these organisations:',
  required: '“{app}” must be used on behalf of an organisation; please choose one.',
  none: 'You cannot act for any organisation in this app (you must be its legal representative, or an agent authorised by them, within the scope and period of the authorisation).',
  self: 'As myself',
  legal_representative: 'Legal representative',
  agent: 'Authorised agent',
  creditCode: 'Unified social credit code',
  submit: 'Continue',
  cancel: 'Cancel',
  pick: 'Please choose one.',
  refused: 'You cannot act for this organisation in this app (the authorisation was revoked, has expired or does not cover this app).',
  agentsTitle: 'Agents of my organisation',
  agentsIntro: 'A legal representative can authorise agents to act for the organisation, and withdraw them at any time.',
  signIn: 'Sign in with the city identity service',
  signOut: 'Sign out',
  loading: 'Loading…',
  noEnterprises: 'You are not the legal representative of any organisation.',
  enterprise: 'Organisation',
  agentName: 'Agent', idNumber: 'ID number', scope: 'Scope', expiresAt: 'Valid until', state: 'Status', actions: 'Actions',
  all: 'All business', current: 'Current', lapsed: 'Expired', revoke: 'Withdraw',
  noAgents: 'No agents yet.',
  grantHeading: 'Authorise a new agent',
  agentIdNumber: "Agent's resident ID number",
  scopeApps: 'Only these apps (client ids, separated by commas; empty for all business)',
  expiresOn: 'Authorised until (date)',
  grant: 'Authorise',
  granted: 'Authorised.',
  revokedDone: 'Authorisation withdrawn.',
  failed: 'Failed: ',
};

export type ActingMessages = typeof zh;

export function actingMessages(lang: Lang): ActingMessages {
  return lang === 'en' ? en : zh;
}
