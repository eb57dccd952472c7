// Writes the small crafted PDFs kept in test/fixtures/hostile/ (run it again after changing
// hostile-pdf.ts): one of each kind, just large enough to pass an upload's budget if a reader
// did not keep one. `nesting` needs about a megabyte for that and is made when a test runs.
import { writeFileSync } from 'node:fs';
import { HOSTILE_KINDS, hostilePdf } from './hostile-pdf.ts';
import type { HostileKind } from './hostile-pdf.ts';

/** The kinds kept as files, and their sizes. */
export const FIXTURE_SIZES: Partial<Record<HostileKind, number>> = {
  'object-streams': 48_000, flate: 48_000, 'page-contents': 48_000, 'xref-sections': 16_000, 'xref-loop': 4_000,
  'object-count': 16_000, 'deep-nesting': 16_000, 'reference-chain': 16_000,
};

/** The kept kinds that verification reads into (it never reads a page's content). */
export const VERIFY_KINDS = (Object.keys(FIXTURE_SIZES) as HostileKind[]).filter((k) => k !== 'page-contents');

export const fixtureUrl = (kind: HostileKind) => new URL(`../fixtures/hostile/${kind}.pdf`, import.meta.url);

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const kind of HOSTILE_KINDS) {
    const size = FIXTURE_SIZES[kind];
    if (size === undefined) continue;
    const pdf = hostilePdf(kind, size);
    writeFileSync(fixtureUrl(kind), pdf);
    console.log(`${kind}.pdf ${pdf.length} bytes`);
  }
}
