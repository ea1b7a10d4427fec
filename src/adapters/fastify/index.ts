// `coatcheck/adapters/fastify`: Fastify 5.
export { coatcheckFastify, type FastifySessionOptions, refreshRoute } from './plugin.js';
