// Clients come from the registered apps in the database; every other model from the key-value
// store. The provider only ever reads clients through its adapter.
import type { Adapter, AdapterPayload } from 'oidc-provider';
import type { AppStore } from '../ports/app-store.ts';

export class AppStoreClientAdapter implements Adapter {
  readonly #apps: AppStore;

  constructor(apps: AppStore) {
    this.#apps = apps;
  }

  async find(id: string): Promise<AdapterPayload | undefined> {
    const app = await this.#apps.find(id);
    return app ? (app.metadata as AdapterPayload) : undefined;
  }

  async upsert(): Promise<void> {
    throw new Error('apps are registered through the admin API');
  }

  async findByUid(): Promise<undefined> { return undefined; }
  async findByUserCode(): Promise<undefined> { return undefined; }
  async consume(): Promise<void> {}
  async destroy(): Promise<void> {}
  async revokeByGrantId(): Promise<void> {}
}
