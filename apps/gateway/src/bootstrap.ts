import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import { APP_CONFIG } from '@poleflow/config';
import type { GatewayConfig } from './config.js';
import { DocsMerger } from './openapi.js';
import { QueueDashboard } from './queues.dashboard.js';

/**
 * What main.ts (and the tests) do between `NestFactory.create(…, { bodyParser: false })` and `listen`. The app
 * must be created without a body parser: proxied bodies are streamed to the services untouched.
 */
export function configureGatewayApp(app: NestExpressApplication): void {
  const cfg = app.get<GatewayConfig>(APP_CONFIG);
  app.useLogger(app.get(Logger));
  app.enableShutdownHooks();
  app.disable('x-powered-by');
  // req.ip / req.protocol: the socket's peer, or what a configured proxy in front of the gateway says.
  app.set('trust proxy', cfg.TRUSTED_PROXIES.length ? cfg.TRUSTED_PROXIES : false);
  app.get(QueueDashboard).mount(app);
  const own = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('poleflow API')
      .setDescription('The public API of poleflow, through the gateway: every service\'s operations in one document. '
        + 'Errors are application/problem+json; `x-unavailable` lists the services whose document could not be read just now.')
      .setVersion('1')
      .addBearerAuth()
      .build(),
  );
  const docs = app.get(DocsMerger);
  SwaggerModule.setup('docs', app, own, {
    jsonDocumentUrl: 'docs-json',
    yamlDocumentUrl: 'docs-yaml',
    customSiteTitle: 'poleflow API',
    patchDocumentOnRequest: (_req, _res, doc) => docs.merged(doc, cfg.DOCS_CACHE_MS),
  });
}
