import { fileURLToPath } from 'node:url';
import { MESSAGING_ENTITIES } from '@poleflow/messaging';
import { IdempotencyKey } from '@poleflow/http';
import { serviceOrmConfig } from '@poleflow/persistence';
import { LABELLING_ENTITIES } from './labelling/labelling-outcome.entity.js';
import { INVITATION_ENTITIES } from './invitations/invitation.entity.js';
import { PROJECT_ENTITIES } from './projects/project.entity.js';
import { REFERENCE_ENTITIES } from './reference/reference.entity.js';

export const SUBMISSION_SCHEMA = 'submission';

export const submissionOrmConfig = (clientUrl: string, poolMax = 10) =>
  serviceOrmConfig({
    schema: SUBMISSION_SCHEMA,
    clientUrl,
    poolMax,
    entities: [...PROJECT_ENTITIES, ...INVITATION_ENTITIES, ...LABELLING_ENTITIES, ...REFERENCE_ENTITIES, ...MESSAGING_ENTITIES, IdempotencyKey],
    migrationsPath: fileURLToPath(new URL('./migrations', import.meta.url)),
    migrationsPathTs: 'apps/submission/src/migrations',
  });

/** For the MikroORM CLI (`npm run mig -- submission …`), which reads DATABASE_URL. */
export default submissionOrmConfig(process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/poleflow');
