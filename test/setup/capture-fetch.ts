// Runs in every test worker: every response a test fetches has its tokens and Set-Cookie values
// recorded, and every bearer credential a test sends, so the end-of-run log check knows them.
import { recordResponseSecrets, recordSecret } from '../helpers/log-capture.js';

const original = globalThis.fetch;
globalThis.fetch = async function recordingFetch(input, init) {
  const auth = new Headers(init?.headers).get('authorization');
  if (auth?.startsWith('Bearer ')) recordSecret(auth.slice(7).trim());
  const res = await original(input, init);
  await recordResponseSecrets(res);
  return res;
};
