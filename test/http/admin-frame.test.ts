// The console's refusal list: on a Chinese page, a field's problem that the API words in English is
// named in Chinese by its code; a message a page already wrote in Chinese, a problem without a known
// code, and every message on an English page stay as they are.
import { describe, expect, it } from 'vitest';
import { frame } from '../../src/http/views/admin-frame.ts';
import { adminMessages } from '../../src/http/views/admin-i18n.ts';
import { messages } from '../../src/http/views/i18n.ts';
import type { Lang } from '../../src/http/views/i18n.ts';

const issues = [
  { path: ['name'], code: 'too_big', message: 'Too big: expected string to have <=64 characters' },
  { path: ['legalBasis'], code: 'required', message: '不经同意读取须填写法定依据' },
  { path: ['redirectUris', '0'], code: '', message: 'the javascript scheme is not allowed' },
];
const render = (lang: Lang) => frame({
  o: { lang, t: messages(lang), large: false, title: 'x', here: '/admin/x' }, a: adminMessages(lang), csrf: 'c', actorId: 'a', nav: [], issues,
}, '');
const items = (html: string) => [...html.matchAll(/<li>(.*?)<\/li>/g)].map((m) => m[1]);

describe('the refusal list of a console page', () => {
  it('names a known problem in Chinese on a Chinese page and keeps the rest', () => {
    expect(items(render('zh'))).toEqual([
      'name: <code>too_big</code> 太长或太大。',
      'legalBasis: <code>required</code> 不经同意读取须填写法定依据',
      'redirectUris.0: the javascript scheme is not allowed',
    ]);
  });

  it('keeps the API\'s words on an English page', () => {
    expect(items(render('en'))[0]).toBe('name: <code>too_big</code> Too big: expected string to have &lt;=64 characters');
  });
});
