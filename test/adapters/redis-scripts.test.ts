// In a Redis Cluster a script may touch only keys of one hash slot. The store's scripts touch
// the one key they are given, so they run on any cluster without hash tags; a script that
// reached for a second key would fail there with CROSSSLOT, and this test says so first.
import { describe, expect, it } from 'vitest';
import * as scripts from '../../src/adapters/kv/redis-scripts.ts';

describe('the KV store scripts', () => {
  it('each touch only the one key they are given', () => {
    const all = Object.entries(scripts);
    expect(all.length).toBeGreaterThan(0);
    for (const [name, source] of all) {
      expect(source, name).toContain('KEYS[1]');
      expect(new Set([...source.matchAll(/KEYS\[(\d+)\]/g)].map((m) => m[1])), name).toEqual(new Set(['1']));
      // No key built inside the script from an argument either.
      expect(source, name).not.toMatch(/redis\.call\('[A-Z]+',\s*ARGV/);
    }
  });
});
