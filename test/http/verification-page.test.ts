// The verification page's words and check list, rendered from verdicts: a file without a seal is
// said so in plain words, and a check over several seals shows once, failed first.
import { describe, expect, it } from 'vitest';
import { checkRow, makeVerdict } from '../../src/domain/verdict.ts';
import type { VerdictCheck } from '../../src/domain/verdict.ts';
import { messages } from '../../src/http/views/i18n.ts';
import type { Lang } from '../../src/http/views/i18n.ts';
import { verificationPage } from '../../src/http/views/verification-page.ts';

const at = new Date('2026-03-01T08:00:00Z');
const render = (checks: VerdictCheck[], lang: Lang = 'zh') => verificationPage(
  { lang, t: messages(lang), large: false, title: '', here: '/verify' },
  { verdict: makeVerdict({ checks, subject: { kind: 'document', documentSm3: 'ab', seals: [] }, checkedAt: at, statusAsOf: at }), receipt: null },
);
const text = (html: string) => html.replace(/<[^>]+>/g, '');

describe('the verification page', () => {
  it('an unsigned file: "this file has no electronic seal", not NOT_FOUND as the headline', () => {
    const rows = [checkRow('signature', 'SIGNATURE_MISSING'), checkRow('licence-status', 'STATUS_NOT_APPLICABLE'), checkRow('validity', 'DATES_NOT_APPLICABLE')];
    const zh = render(rows);
    expect(zh).toMatch(/<h1 id="result" data-result="NOT_FOUND">本文件没有电子印章<\/h1>/);
    expect(zh).not.toContain('未找到');
    expect(render(rows, 'en')).toContain('>This file has no electronic seal</h1>');
  });

  it('every result has its own headline and advice in both languages', () => {
    for (const lang of ['zh', 'en'] as const) {
      const t = messages(lang);
      const v = verificationPage({ lang, t, large: false, title: '', here: '/v/x' }, {
        verdict: makeVerdict({ checks: [checkRow('licence-status', 'STATUS_REVOKED')], subject: { kind: 'licence' }, checkedAt: at, statusAsOf: at }), receipt: null,
      });
      expect(v).toMatch(/data-result="REVOKED">[^<]+<\/h1>\n<p class="advice">[^<]+<\/p>/);
    }
  });

  it('a file with two seals, one altered: integrity shows once, as failed, before the passed checks', () => {
    const sealA = [checkRow('integrity', 'INTEGRITY_OK'), checkRow('signature', 'SIGNATURE_OK'), checkRow('issuer', 'ISSUER_TRUSTED')];
    const sealB = [checkRow('integrity', 'INTEGRITY_CHANGED_AFTER_SEALING'), checkRow('signature', 'SIGNATURE_OK'), checkRow('issuer', 'ISSUER_TRUSTED')];
    const html = render([...sealA, ...sealB, checkRow('licence-status', 'STATUS_NOT_APPLICABLE'), checkRow('validity', 'DATES_NOT_APPLICABLE')]);
    expect(html).toContain('data-result="TAMPERED"');
    const checks = [...html.matchAll(/data-check="([^"]+)"><span class="name">[^<]+<\/span>: ([^<]+)</g)].map((x) => [x[1], x[2]]);
    expect(checks).toEqual([['integrity', '未通过'], ['signature', '通过'], ['issuer', '通过'], ['licence-status', '不适用'], ['validity', '不适用']]);
    // Each finding says how many of the seals it concerns.
    expect(text(html)).toContain('2 枚印章中的 1 枚: 未通过');
    expect(text(html)).toContain('2 枚印章中的 1 枚: 通过');
    expect(text(html)).toContain('2 枚印章中的 2 枚: 通过');
  });
});
