import { route } from '../../../lib/sessions';

// For API clients: the signed-in user, or 401 (503 when the store is down).
export const GET = route((_request, { session }) =>
  Response.json({ userId: session!.userId, sessionId: session!.id }),
);
