import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { keepIdleSockets } from '@poleflow/http';
import { upstreamAgent } from './proxy.middleware.js';

describe('upstreamAgent (gateway → services)', () => {
  let server: http.Server;
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it('closes an idle connection to a service before the service would, so no request is written on a closing socket', async () => {
    server = http.createServer((_req, res) => res.end('ok'));
    keepIdleSockets(server);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const { port } = server.address() as AddressInfo;
    const body = await new Promise<string>((resolve, reject) => {
      http.get({ host: '127.0.0.1', port, agent: upstreamAgent }, (res) => {
        let text = '';
        res.on('data', (c: Buffer) => { text += c.toString(); });
        res.on('end', () => resolve(text));
      }).on('error', reject);
    });
    expect(body).toBe('ok');
    // The socket goes back to the agent's free list once the response is done (a few ticks at most).
    let idle: Socket | undefined;
    for (let i = 0; i < 100 && !idle; i++) {
      idle = Object.values(upstreamAgent.freeSockets).flat().find((s) => (s as Socket | undefined)?.remotePort === port) as Socket | undefined;
      if (!idle) await new Promise((r) => setImmediate(r));
    }
    expect(idle).toBeDefined();
    expect(idle!.timeout).toBeGreaterThan(0);
    expect(idle!.timeout!).toBeLessThan(server.keepAliveTimeout);
  });
});
