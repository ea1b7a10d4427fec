import express from 'express';
import { announce, port } from './common.ts';

const app = express();
app.post('/login', (_req, res) => void res.cookie('none', '1').send('ok'));
app.get('/read', (_req, res) => void res.send('alice'));
const server = app.listen(port, '127.0.0.1', () => announce(server));
