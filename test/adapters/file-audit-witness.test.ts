import { appendFileSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FileAuditWitness } from '../../src/adapters/audit/file-audit-witness.ts';
import type { AuditCheckpoint } from '../../src/domain/audit-checkpoint.ts';

const cp = (index: number): AuditCheckpoint => ({
  index, prevDigest: 'a'.repeat(64), seq: index * 10, hash: 'b'.repeat(64), signedAt: '2026-12-05T07:00:00.000Z',
  keyId: 'audit-checkpoint#1', signature: 'MEUCIQ==',
});

describe('the audit witness file', () => {
  let dir: string;
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  const witness = () => {
    dir = mkdtempSync(join(tmpdir(), 'yinxin-witness-'));
    return new FileAuditWitness(join(dir, 'keys', 'audit-witness.log'));
  };

  it('is empty until written, then created 0600 holding one JSON line per checkpoint', async () => {
    const w = witness();
    expect(await w.read()).toEqual({ checkpoints: [], unreadable: [] });
    expect(await w.latest()).toBeNull();
    await w.append([cp(1), cp(2)]);
    await w.append([cp(3)]);
    expect(statSync(w.location).mode & 0o777).toBe(0o600);
    expect(readFileSync(w.location, 'utf8').split('\n')).toHaveLength(4);
    expect((await w.read()).checkpoints).toEqual([cp(1), cp(2), cp(3)]);
    expect(await w.latest()).toEqual(cp(3));
  });

  it('names lines that are not checkpoints, and a line cut short does not swallow the next', async () => {
    const w = witness();
    await w.append([cp(1)]);
    appendFileSync(w.location, '{"index":2,"prevDig');
    await w.append([cp(2)]);
    writeFileSync(w.location, `${readFileSync(w.location, 'utf8')}${JSON.stringify({ ...cp(3), extra: 1 })}\n`);
    expect(await w.read()).toEqual({ checkpoints: [cp(1), cp(2)], unreadable: [2, 4] });
  });

  it('finds the latest checkpoint in the tail of a long file', async () => {
    const w = witness();
    await w.append(Array.from({ length: 1000 }, (_, i) => cp(i + 1)));
    expect(statSync(w.location).size).toBeGreaterThan(128 * 1024);
    expect(await w.latest()).toEqual(cp(1000));
  });
});
