// An offline "mailer": each sign-in link is written to a file of the outbox folder named by a hash
// of the address (what a mail catcher does in development). A real app sends the e-mail instead.
// The link is a credential: it goes to that file only, never to a log.
import { createHash } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { EmailConfig } from 'next-auth/providers';

/** The file a sign-in link for `email` is written to. */
export function outboxFile(outbox: string, email: string): string {
  return join(outbox, `${createHash('sha256').update(email).digest('hex')}.link`);
}

export function outboxProvider(outbox: string): EmailConfig {
  return {
    id: 'outbox',
    type: 'email',
    name: 'E-mail link',
    maxAge: 10 * 60,
    async sendVerificationRequest({ identifier, url }) {
      await mkdir(outbox, { recursive: true, mode: 0o700 });
      await writeFile(outboxFile(outbox, identifier), url, { mode: 0o600 });
    },
  };
}
