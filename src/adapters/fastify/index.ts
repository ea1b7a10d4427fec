// `coatcheck/adapters/fastify`: Fastify 5.
export { coatcheckFastify, type FastifySessionOptions } from './plugin.js';
