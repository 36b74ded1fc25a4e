import { fileURLToPath } from 'node:url';
import { MESSAGING_ENTITIES } from '@poleflow/messaging';
import { IdempotencyKey } from '@poleflow/http';
import { serviceOrmConfig } from '@poleflow/persistence';
import { EMAIL_ENTITIES } from './email/email.entity.js';
import { FUNDING_ENTITIES } from './funding/funding.entity.js';
import { FEED_ENTITIES } from './integrations/feed.entity.js';
import { WEBHOOK_ENTITIES } from './integrations/webhook.entity.js';
import { LABELLING_ENTITIES } from './labelling/labelling-case.entity.js';
import { NOTIFICATION_ENTITIES } from './notifications/notification.entity.js';
import { TRACKER_ENTITIES } from './timeline/timeline.entity.js';

export const TRACKER_SCHEMA = 'tracker';

export const trackerOrmConfig = (clientUrl: string, poolMax = 10) =>
  serviceOrmConfig({
    schema: TRACKER_SCHEMA,
    clientUrl,
    poolMax,
    entities: [...TRACKER_ENTITIES, ...LABELLING_ENTITIES, ...FUNDING_ENTITIES, ...WEBHOOK_ENTITIES, ...FEED_ENTITIES, ...NOTIFICATION_ENTITIES, ...EMAIL_ENTITIES, ...MESSAGING_ENTITIES, IdempotencyKey],
    migrationsPath: fileURLToPath(new URL('./migrations', import.meta.url)),
    migrationsPathTs: 'apps/tracker/src/migrations',
  });

/** For the MikroORM CLI (`npm run mig -- tracker …`), which reads DATABASE_URL. */
export default trackerOrmConfig(process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/poleflow');
