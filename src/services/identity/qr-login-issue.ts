// Issue a QR login code for one browser's login interaction.
// Steps: refuse when this interaction has asked for too many codes → 32 random bytes as the code →
// store the record (interaction, app, where the browser is, created and expiry times, pending)
// under the code's digest → mark it the interaction's current code, so earlier codes stop
// counting → return the code and its expiry. The code carries no personal data.
import { randomBytes } from 'node:crypto';
import { AppError } from '../../domain/errors.ts';
import { QR_LOGIN, codeDigest, currentKey, saveRecord } from './qr-login-deps.ts';
import type { QrLoginDeps, QrRecord } from './qr-login-deps.ts';

export interface QrLoginRequest {
  interaction: string;
  clientId: string;
  appName: string;
  from: { ip: string | null; userAgent: string };
}

export async function issueQrLogin(deps: QrLoginDeps, input: QrLoginRequest): Promise<{ code: string; expiresAt: string }> {
  const issued = await deps.kv.increment(`qr:login:issued:${input.interaction}`, QR_LOGIN.keepSeconds);
  if (issued > QR_LOGIN.codesPerInteraction) throw new AppError('ERR_RATE_LIMITED', 'too many QR login codes for one interaction');
  const now = deps.clock.now();
  const code = randomBytes(32).toString('base64url');
  const record: QrRecord = {
    interaction: input.interaction, clientId: input.clientId, appName: input.appName, from: input.from,
    createdAt: now.toISOString(), expiresAt: new Date(now.getTime() + QR_LOGIN.ttlSeconds * 1000).toISOString(), status: 'pending',
  };
  await saveRecord(deps, code, record);
  await deps.kv.set(currentKey(input.interaction), codeDigest(code), QR_LOGIN.keepSeconds);
  return { code, expiresAt: record.expiresAt };
}
