// The signed-out event every tab of an origin hears: a BroadcastChannel message, or, where there
// is none, a localStorage write, which fires a `storage` event in every other tab.

/** A listener for the signed-out state; `reason` says why (`logout`, `expired`, `refused`). */
export type SignedOutListener = (reason: string) => void;

/** One named channel between the tabs of an origin. */
export interface TabChannel {
  /** Sends a message to every other tab. */
  post(message: TabMessage): void;
  /** Calls `listener` for every message another tab sends; returns the unsubscribe function. */
  listen(listener: (message: TabMessage) => void): () => void;
}

/** What tabs tell each other: new tokens, or that the user is signed out. */
export type TabMessage = { type: 'signed-out'; reason: string } | { type: 'tokens'; tokens: unknown };

/** Opens the channel `coatcheck:<name>`, with the storage-event fallback where BroadcastChannel is missing. */
export function openChannel(name: string): TabChannel {
  const id = `coatcheck:${name}`;
  if (typeof BroadcastChannel === 'function') {
    const channel = new BroadcastChannel(id);
    return {
      post: (message) => channel.postMessage(message),
      listen(listener) {
        const handler = (event: MessageEvent): void => listener(event.data as TabMessage);
        channel.addEventListener('message', handler);
        return () => channel.removeEventListener('message', handler);
      },
    };
  }
  const key = `${id}:message`;
  return {
    post(message) {
      // A nonce makes every write a change, so the same message twice still fires the event.
      localStorage.setItem(key, JSON.stringify({ message, nonce: Math.random() }));
      localStorage.removeItem(key);
    },
    listen(listener) {
      const handler = (event: StorageEvent): void => {
        if (event.key === key && event.newValue) listener(JSON.parse(event.newValue).message as TabMessage);
      };
      addEventListener('storage', handler);
      return () => removeEventListener('storage', handler);
    },
  };
}

/** The signed-out state of one client in one tab: set once, heard from other tabs, told to listeners. */
export class SignedOutState {
  readonly #listeners = new Set<SignedOutListener>();
  #out = false;

  constructor(readonly channel: TabChannel) {
    channel.listen((message) => {
      if (message.type === 'signed-out') this.#enter(message.reason);
    });
  }

  get signedOut(): boolean {
    return this.#out;
  }

  /** Marks this tab signed out and tells every other tab. */
  signOut(reason: string): void {
    this.channel.post({ type: 'signed-out', reason });
    this.#enter(reason);
  }

  /** Clears the state after a new sign-in. */
  signIn(): void {
    this.#out = false;
  }

  on(listener: SignedOutListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  #enter(reason: string): void {
    if (this.#out) return;
    this.#out = true;
    for (const listener of this.#listeners) listener(reason);
  }
}
