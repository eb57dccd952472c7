// Page text in Chinese (the default) and English.

export type Lang = 'zh' | 'en';

/** `?lang=` first, then a cookie set by an earlier choice, then Accept-Language; Chinese otherwise. */
export function pickLang(query: unknown, cookie: string | undefined, acceptLanguage: string | undefined): Lang {
  if (query === 'en' || query === 'zh') return query;
  if (cookie === 'en' || cookie === 'zh') return cookie;
  const first = (acceptLanguage ?? '').split(',')[0]?.trim().toLowerCase() ?? '';
  return first.startsWith('en') ? 'en' : 'zh';
}

const zh = {
  title: '印信 · 统一身份认证',
  skip: '跳到主要内容',
  login: '登录',
  loginHeading: '登录统一身份认证平台',
  loginFor: '您正在登录：',
  tabPassword: '密码登录',
  tabSms: '短信验证码登录',
  loginName: '手机号 / 身份证号 / 统一社会信用代码 / 工号',
  password: '密码',
  phone: '手机号',
  smsCode: '短信验证码',
  sendCode: '获取验证码',
  codeSent: '如果该手机号已注册，验证码已发送，5分钟内有效。',
  submitLogin: '登录',
  badLogin: '账号或密码错误。',
  badCode: '验证码错误或已过期。',
  locked: '尝试次数过多，请15分钟后再试。',
  invalid: '请检查填写的内容。',
  stepUp: '该应用需要更高的认证等级（{acr}），请重新验证身份。',
  consentHeading: '授权确认',
  consentBody: '“{app}” 请求获取您的以下信息：',
  allow: '同意授权',
  deny: '拒绝',
  logoutHeading: '退出登录',
  logoutBody: '是否退出统一身份认证平台？退出后，所有通过本平台登录的应用都将退出。',
  logoutYes: '退出登录',
  logoutNo: '保持登录',
  loggedOut: '您已安全退出。',
  errorHeading: '出错了',
  errorBody: '请求无法完成，请返回应用重新操作。',
  errorCode: '错误代码',
  largeText: '大字模式',
  normalText: '标准模式',
  langSwitch: 'English',
  cancel: '取消',
  totp: '动态口令（6位）',
  totpHeading: '管理员需要动态口令验证',
  totpEnrolHeading: '绑定动态口令',
  totpEnrolBody: '管理员账号必须使用动态口令。请用身份验证器应用扫描下方二维码（或手动输入密钥），然后填写应用显示的6位口令。',
  totpSecret: '密钥',
  totpQr: '动态口令二维码',
  badTotp: '动态口令错误，请重试。',
  scopes: {
    openid: '您的账号标识',
    profile: '姓名',
    phone: '手机号',
    id_card: '身份证号（脱敏）',
    org: '单位名称与统一社会信用代码',
    staff: '所在部门与岗位角色',
    offline_access: '在您离线时保持访问',
  } as Record<string, string>,
};

const en: typeof zh = {
  title: 'Yinxin · Unified identity',
  skip: 'Skip to main content',
  login: 'Sign in',
  loginHeading: 'Sign in to the city identity service',
  loginFor: 'You are signing in to:',
  tabPassword: 'Password',
  tabSms: 'Text message code',
  loginName: 'Mobile / ID number / credit code / staff number',
  password: 'Password',
  phone: 'Mobile number',
  smsCode: 'Code from the text message',
  sendCode: 'Send code',
  codeSent: 'If this number is registered, a code has been sent; it is valid for 5 minutes.',
  submitLogin: 'Sign in',
  badLogin: 'Wrong login name or password.',
  badCode: 'Wrong or expired code.',
  locked: 'Too many attempts; try again in 15 minutes.',
  invalid: 'Please check what you entered.',
  stepUp: 'This app needs a higher assurance level ({acr}); please confirm who you are again.',
  consentHeading: 'Allow access',
  consentBody: '“{app}” asks for the following information:',
  allow: 'Allow',
  deny: 'Deny',
  logoutHeading: 'Sign out',
  logoutBody: 'Sign out of the city identity service? Every app you signed in to through it will be signed out.',
  logoutYes: 'Sign out',
  logoutNo: 'Stay signed in',
  loggedOut: 'You have signed out.',
  errorHeading: 'Something went wrong',
  errorBody: 'The request could not be completed. Please go back to the app and try again.',
  errorCode: 'Error code',
  largeText: 'Large text',
  normalText: 'Standard text',
  langSwitch: '中文',
  cancel: 'Cancel',
  totp: 'One-time password (6 digits)',
  totpHeading: 'Administrators must enter a one-time password',
  totpEnrolHeading: 'Set up one-time passwords',
  totpEnrolBody: 'Administrator accounts must use one-time passwords. Scan the QR code below with an authenticator app (or type in the key), then enter the 6-digit code it shows.',
  totpSecret: 'Key',
  totpQr: 'QR code for the one-time password',
  badTotp: 'Wrong one-time password; please try again.',
  scopes: {
    openid: 'Your account identifier',
    profile: 'Your name',
    phone: 'Your mobile number',
    id_card: 'Your ID number (masked)',
    org: 'Your organisation name and credit code',
    staff: 'Your department and roles',
    offline_access: 'Access while you are away',
  },
};

export type Messages = typeof zh;

export function messages(lang: Lang): Messages {
  return lang === 'en' ? en : zh;
}
