// Text of the registration and real-name check pages in Chinese and English.
import type { Lang } from './i18n.ts';

const zh = {
  registerLink: '没有账号？立即注册',
  accountLink: '管理我的账号（修改密码、登录设备、已授权应用）',
  registerHeading: '注册统一身份认证账号',
  registerIntro: '使用本人手机号注册。注册后为基础认证等级（L1），完成实名核验后可提升至 L2。',
  phone: '手机号',
  sendCode: '获取验证码',
  codeSent: '验证码已发送（如该手机号已注册，将收到提示短信而非验证码），5分钟内有效。',
  smsCode: '短信验证码',
  name: '姓名',
  password: '设置密码（至少8位）',
  idNumber: '身份证号（选填，实名核验时使用）',
  idNumberPlain: '身份证号',
  submitRegister: '注册并登录',
  badCode: '验证码错误或已过期。',
  locked: '尝试次数过多，请15分钟后再试。',
  invalid: '请检查填写的内容。',
  badIdNumber: '身份证号格式或校验位不正确。',
  phoneTaken: '该手机号已注册，请返回使用短信验证码登录。',
  backToLogin: '返回登录',
  realNameHeading: '实名核验',
  realNameLink: '已登录的个人用户：直接进行实名核验',
  realNameIntro: '该应用要求实名认证（L2）。请填写与身份证一致的姓名和身份证号，核验通过后继续。',
  submitRealName: '提交核验',
  mismatch: '姓名与身份证号不一致，请核对后重试。',
  taken: '该身份证号已绑定其他账号。如有疑问，请联系客服。',
  unavailable: '实名核验服务暂时不可用，请稍后再试。',
  notCitizen: '该账号不能以此身份证号进行实名核验（仅限个人用户；已核验的身份证号不能更换）。',
};

const en: typeof zh = {
  registerLink: 'No account? Register',
  accountLink: 'Manage my account (password, devices, apps)',
  registerHeading: 'Register for the city identity service',
  registerIntro: 'Register with your own mobile number. A new account is at the basic level (L1); a real-name check raises it to L2.',
  phone: 'Mobile number',
  sendCode: 'Send code',
  codeSent: 'A code has been sent (a number already registered gets a notice instead of a code). It is valid for 5 minutes.',
  smsCode: 'Code from the text message',
  name: 'Name',
  password: 'Choose a password (8 characters or more)',
  idNumber: 'Resident ID number (optional, for the real-name check)',
  idNumberPlain: 'Resident ID number',
  submitRegister: 'Register and sign in',
  badCode: 'Wrong or expired code.',
  locked: 'Too many attempts. Try again in 15 minutes.',
  invalid: 'Please check what you entered.',
  badIdNumber: 'The ID number is malformed or its check character is wrong.',
  phoneTaken: 'This number is already registered. Go back and sign in with a text message code.',
  backToLogin: 'Back to sign-in',
  realNameHeading: 'Real-name check',
  realNameLink: 'Signed in as a person? Take the real-name check now',
  realNameIntro: 'This app requires a real-name checked account (L2). Enter your name and ID number exactly as on your ID card to continue.',
  submitRealName: 'Check',
  mismatch: 'The name and the ID number do not match. Please check them and try again.',
  taken: 'This ID number belongs to another account. Please contact the help desk.',
  unavailable: 'The real-name check is unavailable right now. Please try again later.',
  notCitizen: 'This account cannot take the real-name check with this ID number (personal accounts only; a checked ID number cannot be changed).',
};

export type RegisterMessages = typeof zh;

export function registerMessages(lang: Lang): RegisterMessages {
  return lang === 'en' ? en : zh;
}
