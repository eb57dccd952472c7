// What only the memory store has: expired entries that nobody reads again must still go.
import { describe, expect, it } from 'vitest';
import { MemoryKvStore } from '../../src/adapters/kv/memory-kv-store.ts';
import { fakeClock } from './kv-backends.ts';

describe('memory key-value store', () => {
  it('drops expired entries on later writes, without reading them', async () => {
    const clock = fakeClock();
    const store = new MemoryKvStore(clock);
    for (let i = 0; i < 100; i++) await store.set(`old:${i}`, 'x', 1);
    for (let i = 0; i < 20; i++) await store.setAdd(`old-set:${i}`, 'm', 1);
    clock.advance(1000);
    for (let i = 0; i < 10; i++) await store.set(`new:${i}`, 'y');
    // 10 writes examine 160 entries: all 100 expired values are gone; sets are examined on writes too.
    expect(await store.sweepExpired()).toBe(0);
    for (let i = 0; i < 10; i++) expect(await store.get(`new:${i}`)).toBe('y');
  });

  it('sweepExpired() removes expired values and sets and keeps live ones', async () => {
    const clock = fakeClock();
    const store = new MemoryKvStore(clock);
    await store.set('a', '1', 1);
    await store.setAdd('s', 'm', 1);
    await store.set('b', '2', 5);
    clock.advance(1000);
    expect(await store.sweepExpired()).toBe(2);
    expect(await store.get('b')).toBe('2');
  });

  it('refuses to count a value that is not an integer', async () => {
    const store = new MemoryKvStore();
    await store.set('k', 'text');
    await expect(store.increment('k', 60)).rejects.toThrow(TypeError);
  });
});
