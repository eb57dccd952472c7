// One contract for every KvStore: the memory store used in tests must behave like the SQL and
// Redis stores used in production, down to expiry, atomicity and odd keys.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kvBackends } from './kv-backends.ts';
import type { KvSubject, Store } from './kv-backends.ts';

/** A key no other test uses, so that tests share one store without seeing each other's data. */
const fresh = (name: string) => `${name}:${randomBytes(4).toString('hex')}`;

const sorted = (xs: string[]) => [...xs].sort();

describe.each(kvBackends)('KvStore contract: $name', (backend) => {
  let subject: KvSubject;
  let store: Store;

  beforeAll(async () => {
    subject = await backend.open();
    store = subject.store;
  });
  afterAll(async () => subject?.cleanup());

  it('answers ping', async () => {
    await expect(store.ping()).resolves.toBeUndefined();
    await expect(subject.peer.ping()).resolves.toBeUndefined();
  });

  it('gets, sets, overwrites and deletes', async () => {
    const k = fresh('plain');
    expect(await store.get(k)).toBeNull();
    await store.set(k, 'one');
    expect(await store.get(k)).toBe('one');
    expect(await subject.peer.get(k)).toBe('one');
    await store.set(k, 'two');
    expect(await store.get(k)).toBe('two');
    await store.delete(k);
    expect(await store.get(k)).toBeNull();
    await expect(store.delete(k)).resolves.toBeUndefined();
    await store.set(k, '');
    expect(await store.get(k)).toBe('');
  });

  // Tests that let time pass. With a fake clock they must run one after another, as they move
  // one clock; on Redis real seconds pass, so they wait side by side to keep the suite short.
  const timed = backend.name === 'redis' ? it.concurrent : it;

  timed('expires values after their TTL, and an overwrite without TTL keeps the value', async ({ expect }) => {
    const short = fresh('ttl');
    const kept = fresh('ttl-kept');
    const taken = fresh('ttl-take');
    const long = fresh('ttl-long');
    await store.set(short, 'a', 1);
    await store.set(kept, 'b', 1);
    await store.set(kept, 'b2');
    await store.set(taken, 'c', 1);
    await store.set(long, 'd', 60);
    await subject.pass(0.5);
    expect(await store.get(short)).toBe('a');
    await subject.pass(0.5);
    expect(await store.get(short)).toBeNull();
    expect(await store.take(taken)).toBeNull();
    expect(await store.get(kept)).toBe('b2');
    expect(await store.get(long)).toBe('d');
    // An expired key can be written again as new.
    await store.set(short, 'again', 60);
    expect(await store.get(short)).toBe('again');
  });

  timed('keeps the first TTL of a counter and starts a fresh window after it', async ({ expect }) => {
    const k = fresh('window');
    expect(await store.increment(k, 1)).toBe(1);
    expect(await store.increment(k, 1)).toBe(2);
    await subject.pass(0.5);
    // Within the window; this increment must not push the window's end back.
    expect(await store.increment(k, 1)).toBe(3);
    await subject.pass(0.5);
    expect(await store.increment(k, 1)).toBe(1);
    expect(await store.increment(k, 1)).toBe(2);
  });

  timed('expires a set with its longest-lived add, and starts an expired set empty', async ({ expect }) => {
    const short = fresh('set-short');
    const mixed = fresh('set-mixed');
    await store.setAdd(short, 'a', 1);
    await store.setAdd(mixed, 'a', 1);
    await store.setAdd(mixed, 'b', 2); // extends the set to 2 s
    await store.setAdd(mixed, 'c', 1); // does not shorten it
    await subject.pass(1);
    expect(await store.setMembers(short)).toEqual([]);
    expect(sorted(await store.setMembers(mixed))).toEqual(['a', 'b', 'c']);
    await store.setAdd(short, 'z', 60);
    expect(await store.setMembers(short)).toEqual(['z']);
    await subject.pass(1);
    expect(await store.setMembers(mixed)).toEqual([]);
    expect(await store.setMembers(short)).toEqual(['z']);
  });

  timed('keeps a set without TTL once any add had none', async ({ expect }) => {
    const s = fresh('set-forever');
    await store.setAdd(s, 'a', 1);
    await store.setAdd(s, 'b');
    await store.setAdd(s, 'c', 1);
    await subject.pass(1);
    expect(sorted(await store.setMembers(s))).toEqual(['a', 'b', 'c']);
  });

  it('rejects a TTL that is not a positive whole number', async () => {
    const k = fresh('bad-ttl');
    await expect(store.set(k, 'x', 0)).rejects.toThrow(RangeError);
    await expect(store.set(k, 'x', 1.5)).rejects.toThrow(RangeError);
    await expect(store.increment(k, -1)).rejects.toThrow(RangeError);
    await expect(store.setAdd(k, 'm', 0)).rejects.toThrow(RangeError);
    expect(await store.get(k)).toBeNull();
  });

  it('takes a value once: of 20 concurrent takes exactly one gets it', async () => {
    const k = fresh('take');
    expect(await store.take(k)).toBeNull();
    await store.set(k, 'code-123');
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => (i % 2 ? subject.peer : store).take(k)),
    );
    expect(results.filter((r) => r !== null)).toEqual(['code-123']);
    expect(await store.get(k)).toBeNull();
  });

  it('counts 50 concurrent increments exactly', async () => {
    const k = fresh('count');
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) => (i % 2 ? subject.peer : store).increment(k, 60)),
    );
    expect(sorted(results.map(String))).toEqual(sorted(Array.from({ length: 50 }, (_, i) => String(i + 1))));
    expect(await store.increment(k, 60)).toBe(51);
  });

  it('adds to sets, lists members and deletes sets', async () => {
    const s = fresh('set');
    expect(await store.setMembers(s)).toEqual([]);
    await store.setAdd(s, 'token-a');
    await store.setAdd(s, 'token-b');
    await subject.peer.setAdd(s, 'token-a');
    expect(sorted(await store.setMembers(s))).toEqual(['token-a', 'token-b']);
    await store.delete(s);
    expect(await store.setMembers(s)).toEqual([]);
    await store.setAdd(s, 'token-c');
    expect(await store.setMembers(s)).toEqual(['token-c']);
  });

  it('keeps every member of 30 concurrent adds to a new set', async () => {
    // One instance only: on SQLite each process has one connection, so a second instance in
    // this process would only wait on the file lock; MariaDB's pool runs these side by side.
    const s = fresh('set-race');
    const members = Array.from({ length: 30 }, (_, i) => `token-${i}`);
    await Promise.all(members.map((m, i) => store.setAdd(s, m, 10 + (i % 5))));
    expect(sorted(await store.setMembers(s))).toEqual(sorted(members));
  });

  it('stores Unicode and 1 MB values exactly', async () => {
    const unicode = '印章 ✓ Ωμέγα 😀 \u{10FFFF} "quoted" \\ \n\t end';
    const k = fresh('unicode');
    await store.set(k, unicode);
    expect(await store.get(k)).toBe(unicode);
    const large = ('电子证照-' + randomBytes(32).toString('base64')).repeat(20_000); // > 1 MB of UTF-8
    expect(Buffer.byteLength(large)).toBeGreaterThan(1024 * 1024);
    const big = fresh('large');
    await store.set(big, large, 60);
    expect(await subject.peer.get(big)).toBe(large);
    expect(await store.take(big)).toBe(large);
  });

  it('keeps keys with odd characters apart, byte for byte', async () => {
    const base = fresh('odd');
    const keys = [
      `${base}:Key`,
      `${base}:key`,
      `${base}:key `,
      `${base}:ключ`,
      `${base}:cle\u0301`, // e + combining accent
      `${base}:clé`, // precomposed é: looks the same, is a different key
      `${base}:a/b?c=d&e f#g%20*[x]{y}`,
      `${base}:'; DROP TABLE kv_entries; --`,
      `${base}:"\\_%`,
      '🔑'.repeat(255), // the longest key: 255 characters of 4 bytes each
    ];
    for (const [i, k] of keys.entries()) await store.set(k, `v${i}`);
    for (const [i, k] of keys.entries()) expect(await store.get(k)).toBe(`v${i}`);
    await store.setAdd(`${base}:set`, 'Member');
    await store.setAdd(`${base}:set`, 'member');
    await store.setAdd(`${base}:set`, 'member ');
    expect(sorted(await store.setMembers(`${base}:set`))).toEqual(sorted(['Member', 'member', 'member ']));
    await store.delete(keys[0] as string);
    expect(await store.get(keys[1] as string)).toBe('v1');
    await store.delete('🔑'.repeat(255));
  });

  it('refuses keys longer than 255 characters instead of cutting them short', async () => {
    const long = 'k'.repeat(256);
    await expect(store.set(long, 'x')).rejects.toThrow(RangeError);
    await expect(store.increment(long, 60)).rejects.toThrow(RangeError);
    await expect(store.setAdd(long, 'm')).rejects.toThrow(RangeError);
    await expect(store.setAdd(fresh('set'), long)).rejects.toThrow(RangeError);
  });
});
