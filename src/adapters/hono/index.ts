// `coatcheck/adapters/hono`: Hono 4 on any runtime.
export {
  type CoatcheckVariables,
  type HonoSessionOptions,
  refreshHandler,
  requireSession,
  sessionErrorHandler,
  sessionMiddleware,
} from './middleware.js';
