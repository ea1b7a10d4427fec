import { describeExample } from './walk.js';

describeExample('hono');
