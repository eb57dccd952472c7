// The licence seal (证照专用章) of an issuing department, for licence issuance.
// Steps: find the department with the issuer's credit code → its active licence seals, in force
// now → the newest → its SESeal, its signer from the key vault and its image.
import type { LicenceSeals } from '../../ports/licence-seals.ts';
import type { AccountStore } from '../../ports/account-store.ts';
import type { Clock } from '../../ports/clock.ts';
import type { KeyVault } from '../../ports/key-vault.ts';
import type { SealStore } from '../../ports/seal-store.ts';

export function licenceSealSource(deps: { seals: SealStore; accounts: AccountStore; vault: KeyVault; clock: Clock }): LicenceSeals {
  return {
    async licenceSealFor(issuerCode) {
      const department = (await deps.accounts.departments()).find((d) => d.creditCode === issuerCode);
      if (!department) return null;
      const now = deps.clock.now().toISOString();
      const inForce = (await deps.seals.list({ ownerKind: 'department', ownerId: department.id, statuses: ['active'] }))
        .filter((s) => s.kind === 'licence' && s.sesSeal && s.keyId && s.image && s.validStart !== null && s.validStart <= now && s.validEnd !== null && now < s.validEnd)
        .sort((a, b) => (a.validStart! < b.validStart! ? 1 : -1));
      const seal = inForce[0];
      if (!seal) return null;
      return { seal: seal.sesSeal!, signer: await deps.vault.signerFor(seal.keyId!), image: seal.image! };
    },
  };
}
