/**
 * Reading what a licence check needs from an OFD package: the document's custom data (OFD.xml
 * DocInfo/CustomDatas) and single files, through the bounded ZIP and XML readers of crypto/ofd.
 */
import { openZip } from '../crypto/ofd/zip-reader.ts';
import { childNamed, childrenNamed, parseXml } from '../crypto/ofd/xml-reader.ts';

/** An opened package. */
export interface OfdPackage {
  /** DocInfo/CustomDatas of the first document: Name → value. */
  readonly customData: ReadonlyMap<string, string>;
  /** A file's bytes by package path, or undefined. */
  file(path: string): Uint8Array | undefined;
}

/** Opens a package; throws `ERR_OFD_MALFORMED` / `ERR_OFD_TOO_LARGE` as the readers do. */
export function readOfdPackage(bytes: Uint8Array): OfdPackage {
  const zip = openZip(bytes);
  const ofd = zip.read('OFD.xml');
  const customData = new Map<string, string>();
  if (ofd !== undefined) {
    const info = childNamed(childNamed(parseXml(ofd), 'DocBody'), 'DocInfo');
    for (const d of childrenNamed(childNamed(info, 'CustomDatas'), 'CustomData')) {
      const name = d.attributes.Name;
      if (name !== undefined && !customData.has(name)) customData.set(name, d.text.trim());
    }
  }
  return { customData, file: (path) => zip.read(path) };
}
