// Reset a staff member's password to a one-time initial password.
// Steps: find the staff member → make a new initial password → hash and store it → audit → return
// it, the one time it is shown (the administrator hands it over; it is never stored in clear).
import { auditActor, existingStaff, initialPassword } from './staff-deps.ts';
import type { StaffActor, StaffDeps } from './staff-deps.ts';

export async function resetStaffPassword(deps: StaffDeps, id: string, actor: StaffActor): Promise<{ initialPassword: string }> {
  await existingStaff(deps.accounts, id);
  const password = initialPassword();
  await deps.accounts.setPasswordHash(id, await deps.hasher.hash(password), true);
  await deps.audit.append({ ...auditActor(actor), action: 'staff.password.reset', object: id, outcome: 'success' });
  return { initialPassword: password };
}
