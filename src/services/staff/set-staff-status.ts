// Disable a staff member (and end their sign-ins everywhere) or enable them again.
// Steps: find the staff member → an administrator cannot disable themselves → set the status
// (from now on no login method accepts them and no refresh succeeds: both check the status) →
// when disabling, end every sign-in session and grant, apps told by back-channel logout → audit,
// with one record for each app that did not accept its logout token.
import { auditActor, departmentsById, existingStaff, invalid, staffSummary } from './staff-deps.ts';
import type { StaffActor, StaffDeps, StaffSummary } from './staff-deps.ts';
import type { EndedSessions } from '../../ports/account-sessions.ts';

export async function setStaffStatus(
  deps: StaffDeps,
  id: string,
  status: 'active' | 'disabled',
  actor: StaffActor,
): Promise<{ staff: StaffSummary; ended: EndedSessions | null }> {
  const account = await existingStaff(deps.accounts, id);
  if (status === 'disabled' && id === actor.id) throw invalid({ path: ['id'], code: 'self', message: 'administrators cannot disable themselves' });
  await deps.directory.setStatus(id, status);
  const ended = status === 'disabled' ? await deps.sessions.endAll(id) : null;
  await deps.audit.append({
    ...auditActor(actor), action: status === 'disabled' ? 'staff.disable' : 'staff.enable', object: id, outcome: 'success',
    details: ended ? { sessions: ended.sessions, grants: ended.grants, backchannel: ended.backchannel.map((b) => b.clientId) } : { from: account.status },
  });
  for (const failed of ended?.backchannel.filter((b) => !b.ok) ?? []) {
    await deps.audit.append({ actor: { id: null, kind: 'system' }, action: 'logout.backchannel', object: failed.clientId, outcome: 'failure', details: { accountId: id, error: failed.error } });
  }
  return { staff: staffSummary({ ...account, status }, await departmentsById(deps.accounts)), ended };
}
