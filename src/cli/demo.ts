import { join } from 'node:path';
import { createSessionManager } from '../core/manager.js';
import { Keyring } from '../keys/keyring.js';
import { SqliteStore } from '../stores/sqlite/index.js';

const say = (line: string): void => void process.stdout.write(`${line}\n`);
const short = (token: string): string => `${token.slice(0, 6)}…(hidden)`;

/**
 * A guided walk through the core on the embedded store: what `npm start` runs until the HTTP
 * service exists. Prints handles and outcomes, never a full token.
 */
export async function runDemo(): Promise<number> {
  const path = join(process.env.COATCHECK_DATA_DIR ?? 'data', 'demo.db');
  const store = new SqliteStore({ path });
  const sessions = createSessionManager({
    store,
    secrets: process.env.COATCHECK_SECRETS ?? Keyring.generateSecret('demo'),
  });
  try {
    say(`coatcheck demo — embedded SQLite store at ${path}`);
    const laptop = await sessions.create(
      { userId: 'alice', data: { theme: 'dark' } },
      { userAgent: 'Laptop' },
    );
    const phone = await sessions.create({ userId: 'alice' }, { userAgent: 'Phone' });
    say(`1. alice signed in twice: sessions ${laptop.session.id} and ${phone.session.id}`);
    say(`   cookie: ${laptop.cookie.header.replace(laptop.token, short(laptop.token))}`);
    const checked = await sessions.validate(laptop.token);
    say(
      `2. validate(laptop) → user ${checked.session?.userId}, data ${JSON.stringify(checked.session?.data)}`,
    );
    const rotated = await sessions.regenerate(laptop.token, { reauthenticated: true });
    const old = await sessions.validate(laptop.token);
    say(
      `3. regenerate(laptop) → new handle ${rotated.session.id}; old token now: ${old.session ? 'live' : old.reason}`,
    );
    const devices = await sessions.list('alice', rotated.session.id);
    say(
      `4. alice's devices: ${devices.map((d) => `${d.id} (${d.userAgent}${d.current ? ', this one' : ''})`).join(', ')}`,
    );
    const revoked = await sessions.revokeAll('alice', { except: rotated.session.id });
    const phoneNow = await sessions.validate(phone.token);
    say(
      `5. revoke all others → ${revoked} revoked; phone token now: ${phoneNow.session ? 'live' : phoneNow.reason}`,
    );
    await sessions.logout(rotated.token);
    say(`6. logout → sessions left for alice: ${(await sessions.list('alice')).length}`);
    return 0;
  } finally {
    await store.close();
  }
}
