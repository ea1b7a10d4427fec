import { describeExample } from './walk.js';

describeExample('fastify');
