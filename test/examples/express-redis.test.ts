import { describeExample } from './walk.js';

describeExample('express', 'redis');
