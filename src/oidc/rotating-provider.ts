// The provider for the current signing-key plan. oidc-provider takes its keys once, when built,
// so when the plan changes (a new key published, a key starting to sign, an old one leaving) a
// new provider is built over the same store and replaces the old one; requests in flight finish
// on the old one. `refresh` is called on a timer well inside the activation delay, so every
// process publishes a new key before any process signs with it.
import type Provider from 'oidc-provider';
import { createProvider } from './provider.ts';
import type { ProviderDeps } from './provider.ts';
import { signingPlanNow } from './signing-keys.ts';

export interface RotatingProvider {
  /** The provider for the plan in force (built on first use). */
  current(): Promise<Provider>;
  /** Rebuild when the plan has changed since the provider was built; true when it did. */
  refresh(): Promise<boolean>;
}

export function rotatingProvider(deps: ProviderDeps): RotatingProvider {
  let built: { provider: Promise<Provider>; plan: Promise<string> } | undefined;
  const planNow = () => signingPlanNow(deps.vault, deps.clock.now().getTime(), deps.keySchedule);
  const build = () => {
    const plan = planNow();
    const provider = plan.then(() => createProvider(deps));
    const next = { provider, plan };
    // A failed build (no key yet) is retried on the next use.
    provider.catch(() => { if (built === next) built = undefined; });
    return next;
  };
  return {
    current() {
      built ??= build();
      return built.provider;
    },
    async refresh() {
      if (!built) return false;
      const [was, now] = [await built.plan.catch(() => null), await planNow()];
      if (was === now) return false;
      const next = build();
      await next.provider;
      built = next;
      return true;
    },
  };
}
