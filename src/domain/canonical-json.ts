import canonicalizeModule from 'canonicalize';

// The package is CommonJS (`module.exports = fn`) but its typings declare an ES default export;
// under NodeNext the default import is the function at run time. Normalise once, here.
const serialize = ((canonicalizeModule as unknown as { default?: unknown }).default ?? canonicalizeModule) as (input: unknown) => string | undefined;

/** RFC 8785 (JCS) canonical JSON: one byte-exact serialisation for hashing and signing. */
export function canonicalJson(value: unknown): string {
  const out = serialize(value);
  if (out === undefined) throw new TypeError('value has no JSON form');
  return out;
}
