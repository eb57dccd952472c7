// A QR payload longer than any QR code holds is refused before it is matched.
import { describe, expect, it } from 'vitest';
import type { SignedTrustList } from '../../../src/domain/trust-list.ts';
import { QR_PAYLOAD_MAX, verifyQrPayloadOffline } from '../../../src/services/verification/verify-offline.ts';

describe('QR payload budget', () => {
  it('refuses a payload longer than a QR code with ERR_PAYLOAD_TOO_LARGE, and a short bad one with ERR_VALIDATION', () => {
    const list = { list: { publisher: { url: 'https://zz.example.gov.cn' }, nextUpdate: '2026-07-01T00:00:00Z', issuedAt: '2026-06-01T00:00:00Z', licences: {} } } as unknown as SignedTrustList;
    const at = new Date('2026-06-02T00:00:00Z');
    const long = `https://zz.example.gov.cn/${'a/'.repeat(QR_PAYLOAD_MAX)}v/AB12CD34EF56GH78`;
    expect(() => verifyQrPayloadOffline(list, long, at)).toThrow(expect.objectContaining({ code: 'ERR_PAYLOAD_TOO_LARGE' }));
    expect(() => verifyQrPayloadOffline(list, 'not a link', at)).toThrow(expect.objectContaining({ code: 'ERR_VALIDATION' }));
    expect(verifyQrPayloadOffline(list, 'https://zz.example.gov.cn/v/AB12CD34EF56GH78', at).verdict).toBeDefined();
  });
});
