import type { AdapterAccount, AdapterUser } from '@auth/core/adapters';
import { SessionError } from '../../errors.js';
import type { SealedDocuments } from './documents.js';

type AccountKey = Pick<AdapterAccount, 'provider' | 'providerAccountId'>;

// Auth.js users and linked accounts in coatcheck's store (for apps whose only database is Redis).
// Documents: `u` a user by id, `e` the user id of an e-mail address (unique), `a` an account by
// provider and provider account id, `ua` the account names of a user (so deleting a user can
// delete them: no scan).
export class AuthjsUsers {
  constructor(readonly docs: SealedDocuments) {}

  async createUser(user: AdapterUser): Promise<AdapterUser> {
    const created = { ...user, id: user.id || crypto.randomUUID() };
    if (created.email) await this.#claimEmail(created.email, created.id);
    if (!(await this.docs.write(await this.#userName(created.id), created, null))) {
      throw new SessionError('ERR_INPUT_INVALID', 'A user with this id exists');
    }
    return created;
  }

  async getUser(id: string): Promise<AdapterUser | null> {
    if (typeof id !== 'string' || id.length === 0) return null;
    return (await this.docs.read<AdapterUser>(await this.#userName(id))).value;
  }

  async getUserByEmail(email: string): Promise<AdapterUser | null> {
    const { value: id } = await this.docs.read<string>(await this.docs.name('e', email));
    const user = id ? await this.getUser(id) : null;
    return user?.email === email ? user : null;
  }

  async updateUser(patch: Partial<AdapterUser> & Pick<AdapterUser, 'id'>): Promise<AdapterUser> {
    const current = await this.getUser(patch.id);
    if (!current) throw new SessionError('ERR_NOT_FOUND', 'No such user');
    if (patch.email && patch.email !== current.email) await this.#claimEmail(patch.email, patch.id);
    const updated = await this.docs.update<AdapterUser>(await this.#userName(patch.id), (user) =>
      user ? { ...user, ...patch } : undefined,
    );
    if (!updated) throw new SessionError('ERR_NOT_FOUND', 'No such user');
    if (current.email && current.email !== updated.email) await this.#releaseEmail(current.email, patch.id);
    return updated;
  }

  /** Deletes the user, its e-mail claim and its linked accounts (sessions are the caller's). */
  async deleteUser(id: string): Promise<AdapterUser | null> {
    const user = await this.getUser(id);
    if (!user) return null;
    const listName = await this.docs.name('ua', id);
    for (const name of (await this.docs.read<string[]>(listName)).value ?? []) {
      await this.docs.update(name, () => null);
    }
    await this.docs.update(listName, () => null);
    await this.docs.update(await this.#userName(id), () => null);
    if (user.email) await this.#releaseEmail(user.email, id);
    return user;
  }

  async linkAccount(account: AdapterAccount): Promise<AdapterAccount> {
    const name = await this.#accountName(account);
    await this.docs.update<AdapterAccount>(name, () => account);
    await this.docs.update<string[]>(await this.docs.name('ua', account.userId), (names) =>
      names?.includes(name) ? undefined : [...(names ?? []), name],
    );
    return account;
  }

  async unlinkAccount(key: AccountKey): Promise<AdapterAccount | undefined> {
    const name = await this.#accountName(key);
    const { value: account } = await this.docs.read<AdapterAccount>(name);
    if (!account) return undefined;
    await this.docs.update(name, () => null);
    await this.docs.update<string[]>(await this.docs.name('ua', account.userId), (names) =>
      names ? names.filter((other) => other !== name) : undefined,
    );
    return account;
  }

  async getAccount(providerAccountId: string, provider: string): Promise<AdapterAccount | null> {
    return (await this.docs.read<AdapterAccount>(await this.#accountName({ provider, providerAccountId })))
      .value;
  }

  async getUserByAccount(key: AccountKey): Promise<AdapterUser | null> {
    const account = await this.getAccount(key.providerAccountId, key.provider);
    return account ? this.getUser(account.userId) : null;
  }

  // An address belongs to one user; a claim left by a user that no longer exists is taken over.
  async #claimEmail(email: string, userId: string): Promise<void> {
    const name = await this.docs.name('e', email);
    const { value: owner, version } = await this.docs.read<string>(name);
    if (owner === userId) return;
    const free = owner === null || (await this.getUser(owner)) === null;
    if (!free || !(await this.docs.write(name, userId, version))) {
      throw new SessionError('ERR_INPUT_INVALID', 'This e-mail address belongs to another user');
    }
  }

  async #releaseEmail(email: string, userId: string): Promise<void> {
    await this.docs.update<string>(await this.docs.name('e', email), (owner) =>
      owner === userId ? null : undefined,
    );
  }

  #userName(id: string): Promise<string> {
    return this.docs.name('u', id);
  }

  #accountName(key: AccountKey): Promise<string> {
    return this.docs.name('a', key.provider, key.providerAccountId);
  }
}
