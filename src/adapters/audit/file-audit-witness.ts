// The audit witness as a file beside the keys: one JSON line per checkpoint, appended and flushed
// (fsync) before the checkpoint counts as made, created with mode 0600. Someone who can only
// change the database cannot touch it. Several processes may share the file: each line is one
// write to a file opened for appending, so lines do not interleave; a checkpoint written twice
// (copied by two processes) is harmless.
import { createReadStream } from 'node:fs';
import { mkdir, open } from 'node:fs/promises';
import { dirname } from 'node:path';
import { createInterface } from 'node:readline';
import { chainedCheckpointSchema } from '../../domain/audit-checkpoint.ts';
import type { AuditCheckpoint } from '../../domain/audit-checkpoint.ts';
import type { AuditWitness, WitnessContents } from '../../ports/audit-witness.ts';

/** Longest line read; a checkpoint line is about 400 bytes. */
const MAX_LINE = 4096;
/** How much of the end of the file `latest` reads. */
const TAIL_BYTES = 64 * 1024;

const toLine = (cp: AuditCheckpoint): string => `${JSON.stringify({
  index: cp.index, prevDigest: cp.prevDigest, seq: cp.seq, hash: cp.hash, signedAt: cp.signedAt, keyId: cp.keyId, signature: cp.signature,
})}\n`;

function parseLine(line: string): AuditCheckpoint | null {
  if (line.length > MAX_LINE) return null;
  try {
    const r = chainedCheckpointSchema.safeParse(JSON.parse(line));
    return r.success ? r.data : null;
  } catch {
    return null;
  }
}

const missing = (e: unknown): boolean => (e as { code?: string } | null)?.code === 'ENOENT';

export class FileAuditWitness implements AuditWitness {
  readonly location: string;

  constructor(file: string) {
    this.location = file;
  }

  async append(cps: readonly AuditCheckpoint[]): Promise<void> {
    if (cps.length === 0) return;
    await mkdir(dirname(this.location), { recursive: true, mode: 0o700 });
    const fh = await open(this.location, 'a+', 0o600);
    try {
      // A line cut short by a crash must not swallow the next one.
      const { size } = await fh.stat();
      const last = Buffer.alloc(1);
      const torn = size > 0 && (await fh.read(last, 0, 1, size - 1)).bytesRead === 1 && last[0] !== 0x0a;
      await fh.appendFile(`${torn ? '\n' : ''}${cps.map(toLine).join('')}`, 'utf8');
      await fh.sync();
    } finally {
      await fh.close();
    }
  }

  async latest(): Promise<AuditCheckpoint | null> {
    let fh;
    try {
      fh = await open(this.location, 'r');
    } catch (e) {
      if (missing(e)) return null;
      throw e;
    }
    try {
      const { size } = await fh.stat();
      const start = Math.max(0, size - TAIL_BYTES);
      const buf = Buffer.alloc(size - start);
      await fh.read(buf, 0, buf.length, start);
      const lines = buf.toString('utf8').split('\n');
      if (start > 0) lines.shift(); // the first line of the tail may be cut
      let best: AuditCheckpoint | null = null;
      for (const line of lines) {
        const cp = parseLine(line);
        if (cp && (best === null || (cp.index as number) > (best.index as number))) best = cp;
      }
      return best;
    } finally {
      await fh.close();
    }
  }

  async read(): Promise<WitnessContents> {
    const out: WitnessContents = { checkpoints: [], unreadable: [] };
    const stream = createReadStream(this.location, { encoding: 'utf8' });
    const opened = new Promise<boolean>((resolve, reject) => {
      stream.once('ready', () => resolve(true));
      stream.once('error', (e) => (missing(e) ? resolve(false) : reject(e)));
    });
    if (!(await opened)) return out;
    let n = 0;
    for await (const line of createInterface({ input: stream, crlfDelay: Infinity })) {
      n++;
      if (line === '') continue;
      const cp = parseLine(line);
      if (cp) out.checkpoints.push(cp);
      else out.unreadable.push(n);
    }
    return out;
  }
}
