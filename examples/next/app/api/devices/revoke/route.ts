import { route } from '../../../../lib/sessions';

// POST {id}: ends one of the user's sessions. Cross-site requests get 403 before anything runs.
export const POST = route(async (request, { actions }) => {
  const body = (await request.json().catch(() => null)) as { id?: unknown } | null;
  if (typeof body?.id !== 'string') {
    return Response.json({ error: { code: 'ERR_BAD_REQUEST', message: 'id required' } }, { status: 400 });
  }
  return Response.json({ revoked: await actions.revoke(body.id) });
});
