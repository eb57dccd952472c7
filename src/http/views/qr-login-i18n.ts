// Text of QR-scan login (扫码登录) in Chinese and English: the panel on the sign-in page and the
// small page that plays the city app. Scripts take what they need from a data attribute.
import type { Lang } from './i18n.ts';

const zh = {
  tab: '扫码登录',
  help: '请打开城市App，扫描下方二维码，并在手机上确认登录。',
  image: '扫码登录二维码',
  loading: '正在生成二维码……',
  pending: '请使用城市App扫码。二维码2分钟内有效，过期后自动刷新。',
  scanned: '已扫码，请在手机上确认登录。',
  confirmed: '已确认，正在登录……',
  declined: '您已在手机上拒绝本次登录。',
  expired: '二维码已过期。',
  failed: '扫码登录出错（{code}），请刷新二维码重试。',
  refresh: '刷新二维码',
  // The city app page.
  appTitle: '城市App · 扫一扫',
  appIntro: '登录城市App后，可扫码登录电脑上的政务应用。',
  appSignIn: '登录城市App',
  appSignOut: '退出',
  appCodeLabel: '二维码内容（扫码所得链接或代码）',
  appScan: '扫码',
  appAsking: '请求登录的应用',
  appFrom: '登录位置',
  appAt: '请求时间',
  appConfirm: '确认登录',
  appDecline: '拒绝',
  appConfirmed: '已确认登录，请回到电脑上继续。',
  appDeclined: '已拒绝本次登录。',
  appFailed: '操作失败：',
};

const en: typeof zh = {
  tab: 'Scan QR code',
  help: 'Open the city app, scan the QR code below and confirm the sign-in on your phone.',
  image: 'QR code for signing in',
  loading: 'Making the QR code…',
  pending: 'Scan with the city app. The code is valid for 2 minutes and renews itself.',
  scanned: 'Scanned. Please confirm the sign-in on your phone.',
  confirmed: 'Confirmed. Signing you in…',
  declined: 'The sign-in was declined on your phone.',
  expired: 'The QR code has expired.',
  failed: 'QR sign-in failed ({code}); get a new code and try again.',
  refresh: 'New QR code',
  appTitle: 'City app · Scan',
  appIntro: 'Sign in to the city app to sign in to government apps on a computer by scanning their QR code.',
  appSignIn: 'Sign in to the city app',
  appSignOut: 'Sign out',
  appCodeLabel: 'QR code content (the scanned link or code)',
  appScan: 'Scan',
  appAsking: 'App asking to sign in',
  appFrom: 'Signing in from',
  appAt: 'Asked at',
  appConfirm: 'Confirm sign-in',
  appDecline: 'Decline',
  appConfirmed: 'Sign-in confirmed; continue on the computer.',
  appDeclined: 'Sign-in declined.',
  appFailed: 'Failed: ',
};

export type QrMessages = typeof zh;

export function qrMessages(lang: Lang): QrMessages {
  return lang === 'en' ? en : zh;
}
