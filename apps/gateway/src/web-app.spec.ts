import express from 'express';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { mountWebApp } from './web-app.js';

describe('gateway: the web application at /', () => {
  const dir = mkdtempSync(join(tmpdir(), 'web-'));
  mkdirSync(join(dir, 'assets'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html><div id="root"></div>');
  writeFileSync(join(dir, 'assets', 'app-1234.js'), 'console.log(1)');
  const app = express();
  expect(mountWebApp(app as unknown as NestExpressApplication, dir)).toBe(true);
  app.use((_req, res) => { res.status(404).type('application/problem+json').send('{"code":"NOT_FOUND"}'); });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('serves index.html at / and for client-side routes, not cached', async () => {
    for (const path of ['/', '/projets/123', '/poles?region=Occitanie']) {
      const res = await request(app).get(path).set('accept', 'text/html').expect(200);
      expect(res.text).toContain('<div id="root">');
      expect(res.headers['cache-control']).toBe('no-cache');
    }
  });

  it('serves hashed assets with a long cache', async () => {
    const res = await request(app).get('/assets/app-1234.js').expect(200);
    expect(res.headers['cache-control']).toContain('immutable');
  });

  it('leaves the API, docs, admin, health and metrics to the gateway, and non-HTML requests to the 404', async () => {
    for (const path of ['/api/v1/nope', '/docs', '/admin/queues', '/health/live', '/metrics']) {
      const res = await request(app).get(path).set('accept', 'text/html').expect(404);
      expect(res.body).toEqual({ code: 'NOT_FOUND' });
    }
    await request(app).get('/projets/1').set('accept', 'application/json').expect(404);
    // the admin workspace's pages are the app's; only the queue dashboard under /admin/queues is the gateway's
    await request(app).get('/admin/comptes').set('accept', 'text/html').expect(200);
    await request(app).get('/admin/queues/api/queues').set('accept', 'text/html').expect(404);
    await request(app).post('/projets/1').set('accept', 'text/html').expect(404);
  });

  it('mounts nothing when the app is not built', () => {
    expect(mountWebApp(express() as unknown as NestExpressApplication, join(dir, 'missing'))).toBe(false);
  });
});
