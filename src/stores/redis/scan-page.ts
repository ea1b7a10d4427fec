import type { ScanNode } from './connection.js';

/**
 * One page of SCAN across nodes (every primary on a Cluster). The cursor is `<node>:<cursor>`.
 * Off the request path only: migration and audits.
 */
export async function scanPage(
  nodes: ScanNode[],
  match: string,
  cursor: string | null,
  count: number,
): Promise<{ keys: string[]; cursor: string | null }> {
  let [node, nodeCursor] = cursor ? cursor.split(':').map(Number) : [0, 0];
  const keys: string[] = [];
  while (node! < nodes.length && keys.length < count) {
    const reply = await nodes[node!]!.scan(String(nodeCursor), { MATCH: match, COUNT: count });
    keys.push(...reply.keys);
    nodeCursor = Number(reply.cursor);
    if (nodeCursor === 0) node!++;
  }
  return { keys, cursor: node! < nodes.length ? `${node}:${nodeCursor}` : null };
}
