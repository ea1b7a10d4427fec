import { createServer } from 'node:http';
import { announce, port } from './common.ts';

const server = createServer((req, res) => {
  if (req.method === 'POST') res.setHeader('set-cookie', 'none=1');
  res.end('alice');
});
server.listen(port, '127.0.0.1', () => announce(server));
