// `yinxin trust import FILE --root-sm3 HEX [--known-only]`: import another yinxin deployment's
// trust list (saved from its /.well-known/yinxin-trust-list.json), so that its licences verify
// here; the root's SM3 fingerprint, obtained from that platform out of band, is pinned. With
// --known-only its licences are told apart from unknown ones but not relied on. Import a newer
// list the same way to bring its statuses up to date.
// `yinxin trust list`: the imported lists, their trust, age and size.
import { readFileSync } from 'node:fs';
import type { Config } from '../config/schema.ts';
import { createContainer } from '../container.ts';
import { SqlImportedTrustLists } from '../adapters/sql/sql-imported-trust-lists.ts';
import { importTrustList } from '../services/verification/import-trust-list.ts';

export async function trustCommand(config: Config, words: string[], opts: { rootSm3?: string | undefined; knownOnly: boolean }): Promise<number> {
  const [verb, file] = words;
  if (!((verb === 'import' && file !== undefined && opts.rootSm3 !== undefined) || (verb === 'list' && file === undefined))) {
    console.error('usage: yinxin trust import FILE --root-sm3 HEX [--known-only]\n       yinxin trust list');
    return 64;
  }
  const c = await createContainer({ ...config, logLevel: 'warn' }, { background: false });
  try {
    const lists = new SqlImportedTrustLists(c.knex);
    if (verb === 'list') {
      for (const l of await lists.all()) {
        console.log(`${l.publisherUrl}  ${l.organisation}  ${l.trusted ? 'trusted' : 'known only'}  root ${l.rootSm3}  list of ${l.issuedAt} (next update ${l.signed.list.nextUpdate})  ${Object.keys(l.signed.list.licences).length} licences`);
      }
      return 0;
    }
    const out = await importTrustList(
      { lists, audit: c.audit, clock: c.clock, publicUrl: c.config.publicUrl },
      readFileSync(file as string, 'utf8'), { rootSm3: opts.rootSm3 as string, trusted: !opts.knownOnly }, { id: 'system:cli', kind: 'system' },
    );
    console.log(`${out.replaced ? 'replaced' : 'imported'}: ${out.organisation} (${out.publisherUrl}), ${out.licences} licences, ${opts.knownOnly ? 'known only' : 'trusted'}`);
    return 0;
  } finally {
    await c.close();
  }
}
