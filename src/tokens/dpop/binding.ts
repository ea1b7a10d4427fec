// A refresh family's `binding` holds its tenant binding and, for DPoP clients, the key thumbprint:
// `<base>` or `<base> dpop:<jkt>`. Thumbprints are base64url and tenant bindings hold no space, so
// the split is unambiguous.
const MARK = ' dpop:';

/** The stored binding for a tenant binding and an optional DPoP key thumbprint. */
export function joinBinding(base: string, jkt: string | null): string {
  return jkt ? `${base}${MARK}${jkt}` : base;
}

/** The tenant binding and the DPoP key thumbprint ('' when the family is not key-bound). */
export function splitBinding(binding: string): { base: string; jkt: string } {
  const at = binding.lastIndexOf(MARK);
  return at < 0
    ? { base: binding, jkt: '' }
    : { base: binding.slice(0, at), jkt: binding.slice(at + MARK.length) };
}
