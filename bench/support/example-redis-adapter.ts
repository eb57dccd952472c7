// The reference's storage: oidc-provider's documented example Redis adapter
// (node-oidc-provider, example/adapters/redis.js), in its shape: keys `oidc:<Model>:<id>`,
// consumable models as hashes with a `consumed` field, a list per grant of its tokens' keys, and
// uid and user-code pointers; each upsert one MULTI. Written over the `redis` client the project
// depends on instead of ioredis (same commands), with a key prefix so that runs never collide.
import type { Adapter, AdapterPayload } from 'oidc-provider';
import type { RedisClientType } from 'redis';

type Client = RedisClientType;

const grantable = new Set(['AccessToken', 'AuthorizationCode', 'RefreshToken', 'DeviceCode', 'BackchannelAuthenticationRequest']);
const consumable = new Set(['AuthorizationCode', 'RefreshToken', 'DeviceCode', 'BackchannelAuthenticationRequest']);

export function exampleRedisAdapter(client: Client, prefix: string): (name: string) => Adapter {
  const p = `${prefix}oidc:`;
  const grantKeyFor = (id: string) => `${p}grant:${id}`;
  const sessionUidKeyFor = (id: string) => `${p}sessionUid:${id}`;
  const userCodeKeyFor = (code: string) => `${p}userCode:${code}`;

  class ExampleRedisAdapter implements Adapter {
    readonly name: string;
    constructor(name: string) {
      this.name = name;
    }

    key(id: string): string {
      return `${p}${this.name}:${id}`;
    }

    async upsert(id: string, payload: AdapterPayload, expiresIn: number): Promise<void> {
      const key = this.key(id);
      const multi = client.multi();
      if (consumable.has(this.name)) multi.hSet(key, { payload: JSON.stringify(payload) });
      else multi.set(key, JSON.stringify(payload));
      if (expiresIn) multi.expire(key, expiresIn);
      if (grantable.has(this.name) && payload.grantId) {
        const grantKey = grantKeyFor(payload.grantId);
        multi.rPush(grantKey, key);
        // The example reads the list's TTL (one more round trip) to keep the longest expiry.
        const ttl = await client.ttl(grantKey);
        if (expiresIn > ttl) multi.expire(grantKey, expiresIn);
      }
      if (payload.userCode) {
        multi.set(userCodeKeyFor(payload.userCode), id);
        multi.expire(userCodeKeyFor(payload.userCode), expiresIn);
      }
      if (payload.uid) {
        multi.set(sessionUidKeyFor(payload.uid), id);
        multi.expire(sessionUidKeyFor(payload.uid), expiresIn);
      }
      await multi.exec();
    }

    async find(id: string): Promise<AdapterPayload | undefined> {
      if (consumable.has(this.name)) {
        const data = await client.hGetAll(this.key(id)) as Record<string, string>;
        if (!data.payload) return undefined;
        const { payload, ...rest } = data;
        return { ...rest, ...(rest.consumed ? { consumed: Number(rest.consumed) } : {}), ...JSON.parse(payload) } as AdapterPayload;
      }
      const data = await client.get(this.key(id));
      return data ? JSON.parse(data) as AdapterPayload : undefined;
    }

    async findByUid(uid: string): Promise<AdapterPayload | undefined> {
      const id = await client.get(sessionUidKeyFor(uid));
      return id ? this.find(id) : undefined;
    }

    async findByUserCode(userCode: string): Promise<AdapterPayload | undefined> {
      const id = await client.get(userCodeKeyFor(userCode));
      return id ? this.find(id) : undefined;
    }

    async destroy(id: string): Promise<void> {
      await client.del(this.key(id));
    }

    async revokeByGrantId(grantId: string): Promise<void> {
      const multi = client.multi();
      const tokens = await client.lRange(grantKeyFor(grantId), 0, -1);
      for (const token of tokens) multi.del(token);
      multi.del(grantKeyFor(grantId));
      await multi.exec();
    }

    async consume(id: string): Promise<void> {
      await client.hSet(this.key(id), 'consumed', Math.floor(Date.now() / 1000));
    }
  }
  return (name) => new ExampleRedisAdapter(name);
}
