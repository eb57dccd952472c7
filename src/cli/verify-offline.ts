// `yinxin verify FILE --offline --trust trust-list.json`: check a licence PDF with no network and
// no database, against a trust list fetched earlier from /.well-known/yinxin-trust-list.json.
// `yinxin verify --qr PAYLOAD --offline --trust …`: the same for the link a licence's QR code holds.
// Prints the verdict, each check, and how old the status data is; exit 0 only for VALID.
import { readFileSync } from 'node:fs';
import type { OfflineOutcome } from '../services/verification/verify-offline.ts';
import { readTrustList, rootFingerprint, verifyLicencePdfOffline, verifyQrPayloadOffline } from '../services/verification/verify-offline.ts';

/** "3 d 4 h", "2 h 5 min", "40 s": the age of the status data, as a person reads it. */
export function formatAge(seconds: number): string {
  const d = Math.floor(seconds / 86_400);
  const h = Math.floor((seconds % 86_400) / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  if (d > 0) return `${d} d ${h} h`;
  if (h > 0) return `${h} h ${m} min`;
  return m > 0 ? `${m} min` : `${seconds} s`;
}

function report(out: OfflineOutcome, list: { issuedAt: string; nextUpdate: string }, fingerprint: string): string {
  const v = out.verdict;
  const s = v.subject;
  const lines = [`result: ${v.result} (${v.headline.zh} / ${v.headline.en})`];
  if (s?.identifier) lines.push(`licence: ${s.identifier}${s.version === undefined ? '' : ` version ${s.version}`}${s.status?.name ? `, status ${s.status.name} (${s.status.code})` : ''}`);
  lines.push('checks:');
  for (const c of v.checks) {
    lines.push(`  ${c.check.padEnd(15)} ${c.outcome.padEnd(14)} ${c.code}  ${c.message.en}`);
    for (const n of c.notes ?? []) lines.push(`  ${''.padEnd(30)} note: ${n.message.en}`);
  }
  lines.push(`status data: as of ${list.issuedAt} (${formatAge(out.statusAgeSeconds)} old), next update ${list.nextUpdate}`
    + (out.stale ? ' - past its next update: status not relied on; fetch a new trust list' : ''));
  lines.push(`trust list root (SM3): ${fingerprint} - compare with the one the platform publishes`);
  return lines.join('\n');
}

export async function verifyOfflineCommand(
  files: string[], opts: { offline: boolean; trust?: string | undefined; json: boolean; rootSm3?: string | undefined; qr?: string | undefined }, now = new Date(),
): Promise<number> {
  if (!opts.offline || opts.trust === undefined || files.length !== (opts.qr === undefined ? 1 : 0)) {
    console.error('usage: yinxin verify FILE --offline --trust trust-list.json [--root-sm3 HEX] [--json]\n       yinxin verify --qr PAYLOAD --offline --trust trust-list.json [--root-sm3 HEX] [--json]\n(online checks: POST the file to /api/verify)');
    return 64;
  }
  const list = readTrustList(readFileSync(opts.trust, 'utf8'), now);
  // A list vouches for its own root; pinning the root's fingerprint (published by the platform
  // out of band) is what makes a list from an untrusted copy safe to use.
  if (opts.rootSm3 !== undefined && rootFingerprint(list.list) !== opts.rootSm3.trim().toLowerCase()) {
    console.error(`the trust list's root (SM3 ${rootFingerprint(list.list)}) is not the pinned one`);
    return 1;
  }
  const out = opts.qr === undefined ? await verifyLicencePdfOffline(list, new Uint8Array(readFileSync(files[0] as string)), now) : verifyQrPayloadOffline(list, opts.qr, now);
  const fingerprint = rootFingerprint(list.list);
  if (opts.json) console.log(JSON.stringify({ ...out, listIssuedAt: list.list.issuedAt, nextUpdate: list.list.nextUpdate, rootSm3: fingerprint }, null, 2));
  else console.log(report(out, list.list, fingerprint));
  return out.verdict.result === 'VALID' ? 0 : 1;
}
