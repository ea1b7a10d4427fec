// Auth.js (next-auth v5) with database sessions kept by coatcheck: users, e-mail sign-in tokens
// and sessions all in coatcheck's store (`CoatcheckAdapter`). An app with another database would
// wrap its adapter instead: `withCoatcheckSessions(PrismaAdapter(prisma), sessions)`.
import { CoatcheckAdapter } from 'coatcheck/adapters/authjs';
import NextAuth, { type NextAuthConfig } from 'next-auth';
import { app } from './lib/coatcheck';
import { outboxProvider } from './lib/outbox';

let config: Promise<NextAuthConfig> | undefined;

async function makeConfig(): Promise<NextAuthConfig> {
  const { config: env, sessions } = await app();
  return {
    adapter: CoatcheckAdapter(sessions),
    session: { strategy: 'database', maxAge: 30 * 24 * 3600, updateAge: 24 * 3600 },
    providers: [outboxProvider(env.outbox)],
    pages: { signIn: '/sign-in' },
    trustHost: true,
    callbacks: {
      // Redirects stay on this site and on the address the browser used (always a path).
      redirect: ({ url, baseUrl }) => {
        const target = new URL(url, baseUrl);
        return target.origin === new URL(baseUrl).origin || url.startsWith('/')
          ? target.pathname + target.search
          : '/';
      },
      // The browser gets the user and the expiry; never the session token or anything else.
      session: ({ session, user }) => ({
        expires: session.expires,
        user: { id: user.id, email: user.email, name: user.name ?? null },
      }),
    },
  };
}

export const { auth, handlers, signIn, signOut } = NextAuth(async () => {
  config ??= makeConfig().catch((error: unknown) => {
    config = undefined;
    throw error;
  });
  return config;
});
