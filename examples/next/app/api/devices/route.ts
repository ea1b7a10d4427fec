import { route } from '../../../lib/sessions';

export const GET = route(async (_request, { actions }) => Response.json({ sessions: await actions.list() }));
