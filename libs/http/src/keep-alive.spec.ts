import http from 'node:http';
import { KEEP_ALIVE_TIMEOUT_MS, keepIdleSockets } from './bootstrap.js';

describe('keepIdleSockets', () => {
  it('keeps idle connections longer than the agent the gateway reaches the services with drops them', () => {
    const server = http.createServer();
    keepIdleSockets(server);
    const agentIdleMs = (http.globalAgent as http.Agent & { options: { timeout?: number } }).options.timeout ?? 0;
    expect(agentIdleMs).toBeGreaterThan(0); // Node's global agent keeps sockets alive and drops idle ones after this
    expect(server.keepAliveTimeout).toBe(KEEP_ALIVE_TIMEOUT_MS);
    expect(server.keepAliveTimeout).toBeGreaterThan(agentIdleMs);
    expect(server.headersTimeout).toBeGreaterThan(server.keepAliveTimeout);
  });
});
