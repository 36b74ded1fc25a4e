import { Global, Inject, Injectable, Logger, Module, type BeforeApplicationShutdown, type DynamicModule, type OnApplicationBootstrap } from '@nestjs/common';
import { Metrics, Readiness } from '@poleflow/observability';
import { DeadLetterController, DeadLetterService } from './dead-letters.js';
import { DeliveryConfirmer } from './deliveries.js';
import { InboxWorker } from './inbox.js';
import { MESSAGING_OPTIONS, type MessagingOptions } from './options.js';
import { OutboxWriter } from './outbox.js';
import { QueueRegistry } from './queues.js';
import { OutboxRelay } from './relay.js';
import { Timers } from './timers.js';

/**
 * Starts the relay and the inbox worker once the app is initialised (migrations ran before `init`), and stops
 * them first on shutdown — before Nest closes the queues and the ORM — so that no job is cut mid-transaction:
 * relay → worker (waits for running jobs) → queues → ORM.
 */
@Injectable()
class MessagingLifecycle implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Messaging');

  constructor(
    private readonly relay: OutboxRelay,
    private readonly confirmer: DeliveryConfirmer,
    private readonly inbox: InboxWorker,
    private readonly timers: Timers,
    private readonly queues: QueueRegistry,
    private readonly deadLetters: DeadLetterService,
    private readonly metrics: Metrics,
    private readonly readiness: Readiness,
    @Inject(MESSAGING_OPTIONS) private readonly opts: MessagingOptions,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.readiness.add('redis', async () => ({ ok: await this.queues.ping() }));
    if (this.opts.production) void this.warnIfRedisForgets();
    // A scrape collects every gauge at once: both outbox gauges share one in-flight query.
    let inFlight: ReturnType<OutboxRelay['lag']> | undefined;
    const lag = () => (inFlight ??= this.relay.lag().finally(() => { inFlight = undefined; }));
    this.metrics.gauge('poleflow_outbox_unpublished', 'outbox rows not yet published', [], async (g) => g.set((await lag()).unpublished));
    this.metrics.gauge('poleflow_outbox_lag_seconds', 'age of the oldest unpublished outbox row', [], async (g) => g.set((await lag()).oldestSeconds));
    this.metrics.gauge('poleflow_outbox_unconfirmed', 'outbox rows published whose consumers have not all finished', [], async (g) => g.set((await this.confirmer.lag()).unconfirmed));
    this.metrics.gauge('poleflow_dead_letters_open', 'dead letters not yet resolved', [], async (g) => g.set(await this.deadLetters.openCount()));
    this.metrics.gauge('poleflow_queue_jobs', 'jobs in the service inbox queues (one per partition) by state', ['queue', 'state'], async (g) => {
      for (const name of this.inbox.queueNames) {
        const counts = await this.queues.get(name).getJobCounts('waiting', 'active', 'delayed', 'failed', 'completed');
        for (const [state, n] of Object.entries(counts)) g.set({ queue: name, state }, n);
      }
    });
    if (this.opts.consume) {
      this.inbox.start();
      this.timers.start();
    }
    if (this.opts.relay) await this.relay.start();
  }

  /** Events are safe in PostgreSQL either way (the relay re-publishes lost jobs), but a wipe costs a replay. */
  private async warnIfRedisForgets(): Promise<void> {
    const p = await this.queues.persistence().catch(() => null);
    if (p && !p.aof && !p.rdb) {
      this.logger.warn({ redis: 'no persistence' }, 'Redis keeps nothing on disk (appendonly no, no save points): a restart loses every queued job and timer until they are published and armed again from PostgreSQL; run Redis with --appendonly yes');
    }
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.relay.stop();
    await this.inbox.stop();
    await this.timers.stop();
  }
}

@Global()
@Module({})
export class MessagingModule {
  static forRoot(opts: MessagingOptions): DynamicModule {
    return {
      module: MessagingModule,
      controllers: [DeadLetterController],
      providers: [
        { provide: MESSAGING_OPTIONS, useValue: opts },
        QueueRegistry, OutboxWriter, OutboxRelay, DeliveryConfirmer, InboxWorker, Timers, DeadLetterService, MessagingLifecycle,
      ],
      exports: [MESSAGING_OPTIONS, QueueRegistry, OutboxWriter, OutboxRelay, DeliveryConfirmer, InboxWorker, Timers, DeadLetterService],
    };
  }
}
