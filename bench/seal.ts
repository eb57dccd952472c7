// PDF sealing throughput: stamps per second for a one-page PDF; for a ~20 MB many-page PDF the
// time to stamp it beside the time to SM3-hash it once, and their ratio (target ≤ 3: stamping a
// big file should cost little more than reading it); verifications per second.
import { PDFDocument } from 'pdf-lib';
import { sm3 } from '../src/crypto/sm3.ts';
import { stampPdf, verifyPdfSignatures } from '../src/pdf/index.ts';
import { AT } from '../test/crypto/x509/pki.ts';
import { largePdf, makePdf, sealPng, testSigner } from '../test/pdf/fixtures.ts';

const SECONDS = Number(process.argv[2] ?? 2);
const TARGET = 3;

async function timeAsync(f: () => Promise<unknown>, runs: number): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await f();
    times.push(performance.now() - t);
  }
  return times.sort((a, b) => a - b)[Math.floor(runs / 2)]!;
}

const { signer, anchors } = await testSigner();
const image = sealPng(300);
const opts = { page: 1, rect: [400, 50, 520, 170] as const, image, signer, signingTime: AT, reason: 'bench' };

const small = await makePdf(1);
let n = 0;
for (const until = performance.now() + 200; performance.now() < until;) await stampPdf(small, opts);
const start = performance.now();
let stamped = small;
while (performance.now() - start < SECONDS * 1000) {
  stamped = (await stampPdf(small, opts)).pdf;
  n++;
}
const stampsPerSecond = n / ((performance.now() - start) / 1000);

let v = 0;
const vStart = performance.now();
while (performance.now() - vStart < SECONDS * 1000) {
  verifyPdfSignatures(stamped, { anchors });
  v++;
}
const verifiesPerSecond = v / ((performance.now() - vStart) / 1000);

const big = await largePdf(20);
const pages = (await PDFDocument.load(big, { updateMetadata: false })).getPageCount();
const hashMs = await timeAsync(async () => sm3(big), 7);
const stampMs = await timeAsync(() => stampPdf(big, { ...opts, page: pages }), 7);
const ratio = stampMs / hashMs;

console.log(`one-page PDF (${small.length} bytes): ${stampsPerSecond.toFixed(0)} stamps/s, ${verifiesPerSecond.toFixed(0)} verifications/s`);
console.log(`${(big.length / 1024 / 1024).toFixed(1)} MB, ${pages} pages, seal on the last page:`);
console.log(`  stamp ${stampMs.toFixed(1)} ms · SM3 of the file ${hashMs.toFixed(1)} ms · ratio ${ratio.toFixed(2)} (target ≤ ${TARGET}) ${ratio <= TARGET ? 'ok' : 'ABOVE TARGET'}`);
