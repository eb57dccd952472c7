// Times and devices as the account pages show them: Beijing time, the browser and system named
// from the user agent. A rough name is all a person needs to recognise a sign-in, so a few
// patterns do rather than a user-agent database.
import type { Lang } from '../i18n.ts';

/** Epoch seconds or an ISO time, in Beijing time, as a `<time>` element's text. */
export function when(t: number | string, lang: Lang): string {
  const d = typeof t === 'number' ? new Date(t * 1000) : new Date(t);
  return d.toLocaleString(lang === 'zh' ? 'zh-CN' : 'en-GB', { timeZone: 'Asia/Shanghai', hour12: false, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' });
}

export const isoOf = (t: number | string) => (typeof t === 'number' ? new Date(t * 1000) : new Date(t)).toISOString();

const BROWSERS: [RegExp, string][] = [
  [/MicroMessenger/, 'WeChat'], [/Edg\//, 'Edge'], [/Firefox\//, 'Firefox'], [/Chrom(e|ium)\//, 'Chrome'], [/Safari\//, 'Safari'],
];
const SYSTEMS: [RegExp, string][] = [
  [/HarmonyOS|OpenHarmony/, 'HarmonyOS'], [/Android/, 'Android'], [/iPhone|iPad|iPod/, 'iOS'], [/Windows/, 'Windows'], [/Mac OS X|Macintosh/, 'macOS'], [/Linux|X11/, 'Linux'],
];

/** "Chrome · Android", or null when nothing is recognised. */
export function deviceName(userAgent: string | null): string | null {
  if (!userAgent) return null;
  const browser = BROWSERS.find(([re]) => re.test(userAgent))?.[1];
  const system = SYSTEMS.find(([re]) => re.test(userAgent))?.[1];
  return [browser, system].filter(Boolean).join(' · ') || null;
}
