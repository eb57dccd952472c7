// What the waiting browser sees of its QR login code.
// Steps: load the record → refuse a code bound to another interaction → the status as of now
// (pending, scanned, confirmed, declined, completed or expired; a replaced code is expired).
import { AppError } from '../../domain/errors.ts';
import { isCurrent, loadRecord, statusAt } from './qr-login-deps.ts';
import type { QrLoginDeps, QrStatus } from './qr-login-deps.ts';

export async function qrLoginStatus(deps: QrLoginDeps, code: string, interaction: string): Promise<{ status: QrStatus; expiresAt: string }> {
  const record = await loadRecord(deps, code);
  if (record.interaction !== interaction) throw new AppError('ERR_QR_LOGIN_OTHER_INTERACTION', 'QR login code of another interaction');
  const status = statusAt(record, deps.clock.now());
  const replaced = (status === 'pending' || status === 'scanned') && !(await isCurrent(deps, code, record));
  return { status: replaced ? 'expired' : status, expiresAt: record.expiresAt };
}
