// Sign-in and logout pages allow their one redirect target in form-action, nothing else.
import { describe, expect, it } from 'vitest';
import { withFormTarget } from '../../src/http/middleware/form-redirect-csp.ts';

const CSP = "default-src 'self';form-action 'self';frame-ancestors 'none'";

describe('withFormTarget', () => {
  it("adds the redirect URI's origin to form-action only", () => {
    expect(withFormTarget(CSP, 'https://app.example.gov.cn/cb?x=1')).toBe("default-src 'self';form-action 'self' https://app.example.gov.cn;frame-ancestors 'none'");
  });

  it('leaves the policy alone for anything but an http(s) URL', () => {
    for (const uri of [undefined, 42, 'not a url', 'javascript:alert(1)', "https://a.example/';script-src *"]) {
      const out = withFormTarget(CSP, uri);
      expect(out.startsWith("default-src 'self';form-action 'self'")).toBe(true);
      expect(out).not.toContain('script-src');
    }
  });
});
