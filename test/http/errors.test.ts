// The one place that maps error codes to statuses and challenges: bearer challenges per RFC 6750
// and RFC 9470, and a store outage the OpenID provider wrapped in its own error.
import { describe, expect, it } from 'vitest';
import { AppError } from '../../src/domain/errors.ts';
import { bearerChallenge, toHttpError } from '../../src/http/errors.ts';
import { temporarilyUnavailable } from '../../src/oidc/store-unavailable.ts';

describe('http errors', () => {
  it('answers refusals of bearer-token APIs with their challenges', () => {
    expect(bearerChallenge(new AppError('ERR_UNAUTHENTICATED', 'x'), 'seals', false)).toBe('Bearer realm="yinxin"');
    expect(bearerChallenge(new AppError('ERR_UNAUTHENTICATED', 'x'), 'seals', true)).toBe('Bearer realm="yinxin", error="invalid_token"');
    expect(bearerChallenge(new AppError('ERR_FORBIDDEN', 'x'), 'licences', true)).toBe('Bearer realm="yinxin", error="insufficient_scope", scope="licences"');
    expect(bearerChallenge(new AppError('ERR_FORBIDDEN', 'x'), null, true)).toBe('Bearer realm="yinxin", error="insufficient_scope"');
    const stepUp = new AppError('ERR_STEP_UP_REQUIRED', 'x', { details: { acrValues: ['otp', 'L3'], maxAge: 600 } });
    expect(bearerChallenge(stepUp, 'seals', true)).toMatch(/^Bearer realm="yinxin", error="insufficient_user_authentication", error_description="[^"]+", acr_values="otp L3", max_age=600$/);
    expect(bearerChallenge(new AppError('ERR_STEP_UP_REQUIRED', 'x'), 'seals', true)).not.toMatch(/acr_values|max_age/);
    expect(bearerChallenge(new AppError('ERR_VALIDATION', 'x'), 'seals', true)).toBeNull();
    expect(bearerChallenge(new Error('x'), 'seals', true)).toBeNull();
  });

  it("answers a store outage wrapped by the provider as the outage, not as an internal error", () => {
    const wrapped = temporarilyUnavailable(new AppError('ERR_STORE_UNAVAILABLE', 'redis down'));
    expect(toHttpError(wrapped)).toMatchObject({ status: 503, body: { error: { code: 'ERR_STORE_UNAVAILABLE' } } });
    expect(toHttpError(new Error('x', { cause: new Error('y') }))).toMatchObject({ status: 500, body: { error: { code: 'ERR_INTERNAL' } } });
  });
});
