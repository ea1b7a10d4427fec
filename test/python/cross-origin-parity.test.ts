import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { type CrossOriginRequest, createCrossOriginCheck } from '../../src/csrf/cross-origin.js';

// The table the Python check runs against (clients/python/tests/test_cross_origin.py): both
// implementations must give the very same verdict for every row.
const table = JSON.parse(readFileSync('clients/python/tests/cross_origin_table.json', 'utf8')) as {
  trustedOrigins: string[];
  cases: { request: CrossOriginRequest; verdict: unknown; options?: { allowSameSite?: boolean } }[];
};

describe('the Python cross-origin table is the TypeScript decision', () => {
  it('agrees on every row', () => {
    expect(table.cases.length).toBeGreaterThan(30);
    for (const { request, verdict, options } of table.cases) {
      const check = createCrossOriginCheck({ trustedOrigins: table.trustedOrigins, ...options });
      expect(check(request), JSON.stringify(request)).toEqual(verdict);
    }
  });
});
