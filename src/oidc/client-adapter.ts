// Clients come from the registered apps in the database; every other model from the key-value
// store. The provider only ever reads clients through its adapter.
//
// A confidential app's `client_secret` here is the digest of its secret, never the secret: the
// provider needs the field to accept the metadata, and `client-secrets.ts` makes it compare a
// presented secret's digest with it. Disabled apps are not found, so nothing can be done for them.
import type { Adapter, AdapterPayload } from 'oidc-provider';
import type { AppStore } from '../ports/app-store.ts';

export class AppStoreClientAdapter implements Adapter {
  readonly #apps: AppStore;

  constructor(apps: AppStore) {
    this.#apps = apps;
  }

  async find(id: string): Promise<AdapterPayload | undefined> {
    const app = await this.#apps.find(id);
    if (!app || app.status !== 'active') return undefined;
    const { client_secret: _ignored, ...metadata } = app.metadata;
    return (app.secretHash ? { ...metadata, client_secret: app.secretHash } : metadata) as AdapterPayload;
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
