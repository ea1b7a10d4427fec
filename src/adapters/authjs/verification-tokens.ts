import type { VerificationToken } from '@auth/core/adapters';
import type { SealedDocuments } from './documents.js';

// Auth.js e-mail sign-in tokens (Auth.js hands them over already hashed), kept until they expire
// and usable once: the use is a compare-and-set deletion, so two requests cannot both spend one.
export class AuthjsVerificationTokens {
  constructor(readonly docs: SealedDocuments) {}

  async create(token: VerificationToken): Promise<VerificationToken> {
    const name = await this.docs.name('v', token.identifier, token.token);
    const ttlSeconds = Math.max(1, Math.ceil((token.expires.getTime() - this.docs.c.now()) / 1000));
    for (let attempt = 0; attempt < 8; attempt++) {
      const { version } = await this.docs.read<VerificationToken>(name);
      if (await this.docs.write(name, token, version, ttlSeconds)) break;
    }
    return token;
  }

  async use(params: { identifier: string; token: string }): Promise<VerificationToken | null> {
    const name = await this.docs.name('v', params.identifier, params.token);
    const { value, version } = await this.docs.read<VerificationToken>(name);
    if (!value || version === null) return null;
    return (await this.docs.remove(name, version)) ? value : null;
  }
}
