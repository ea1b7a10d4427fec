// Writes the error-code table (ERROR_CODES in src/http/errors.ts, read from the build) as the data
// file the Python client's exceptions follow. `npm run gen:error-codes`; the parity test
// (test/python/error-codes-parity.test.ts) fails when the two drift.
import { writeFileSync } from 'node:fs';
import { ERROR_CODES } from '../dist/http/errors.js';

export const ERROR_CODES_FILE = 'clients/python/coatcheck_client/error_codes.json';

const document = {
  comment: 'Generated from ERROR_CODES in src/http/errors.ts by `npm run gen:error-codes`. Do not edit.',
  codes: ERROR_CODES,
};
writeFileSync(new URL(`../${ERROR_CODES_FILE}`, import.meta.url), `${JSON.stringify(document, null, 2)}\n`);
