import type { Provider } from '@nestjs/common';
import type { TrackerConfig } from '../config.js';
import { AdminEmailsController } from './admin-emails.controller.js';
import { EmailDigest } from './email.digest.js';
import { EmailOutbox } from './email.outbox.js';
import { EmailQueue } from './email.queue.js';
import { EMAIL_SETTINGS, emailSettings } from './email.settings.js';
import { EmailWorker } from './email.worker.js';
import { PreferencesController } from './preferences.controller.js';
import { RecipientsConsumer } from './recipients.consumer.js';

/** Notification e-mails: recipients read model, outbox rows, the `tracker.emails` sender, the daily digest. */
export const emailProviders = (cfg: TrackerConfig): Provider[] => [
  { provide: EMAIL_SETTINGS, useValue: emailSettings(cfg) }, EmailQueue, EmailOutbox, EmailDigest, EmailWorker, RecipientsConsumer,
];

export const EMAIL_CONTROLLERS = [PreferencesController, AdminEmailsController];
