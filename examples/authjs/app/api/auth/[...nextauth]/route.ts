// Auth.js's own routes (/api/auth/*): sign-in links, callbacks, sign-out.
import { handlers } from '../../../../auth';

export const { GET, POST } = handlers;
