// Finds duplicate member names at the top level of a JSON object text. JSON.parse keeps the last
// of two equal names silently; for tokens that is an ambiguity attackers use (RFC 8725bis), so
// headers and payloads with duplicates are refused. Expects text that JSON.parse accepts.
export function hasDuplicateTopLevelKeys(json: string): boolean {
  const seen = new Set<string>();
  let depth = 0;
  let expectKey = false;
  for (let i = 0; i < json.length; i++) {
    const c = json.charCodeAt(i);
    if (c === 0x22 /* " */) {
      const start = i + 1;
      let escaped = false;
      for (i = start; i < json.length; i++) {
        const d = json.charCodeAt(i);
        if (d === 0x5c /* \ */) {
          escaped = true;
          i++;
        } else if (d === 0x22) break;
      }
      if (depth === 1 && expectKey) {
        const raw = json.slice(start, i);
        const name = escaped ? (JSON.parse(`"${raw}"`) as string) : raw;
        if (seen.has(name)) return true;
        seen.add(name);
        expectKey = false;
      }
    } else if (c === 0x7b /* { */ || c === 0x5b /* [ */) {
      depth++;
      if (depth === 1) expectKey = true;
    } else if (c === 0x7d /* } */ || c === 0x5d /* ] */) {
      depth--;
    } else if (c === 0x2c /* , */ && depth === 1) {
      expectKey = true;
    }
  }
  return false;
}
