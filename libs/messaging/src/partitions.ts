import { inboxQueueName, type ServiceName } from '@poleflow/contracts';

/**
 * In-order delivery without retries (ARCHITECTURE.md §7, "inbox queues partitioned by stream"): a consumer's
 * inbox is `partitions` queues, each worked one job at a time, and a stream always lands on the same one (a hash
 * of its id). Events of a stream — every source's events of a project share the project id — then reach the
 * consumer in publication order, one after the other: none waits in a backoff for its predecessor, and no two
 * transactions of one project contend for its rows. Partition 0 keeps the historical name `<service>.inbox`, so
 * jobs queued before partitioning (or with `partitions = 1`) are still consumed.
 */
export function partitionOf(streamId: string, partitions: number): number {
  if (partitions <= 1) return 0;
  // FNV-1a, 32 bits: stable across processes and versions, cheap, well spread on uuids.
  let h = 0x811c9dc5;
  for (let i = 0; i < streamId.length; i++) {
    h ^= streamId.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h % partitions;
}

const partitionName = (service: ServiceName, p: number): string => (p === 0 ? inboxQueueName(service) : `${inboxQueueName(service)}.${p}`);

/** The inbox queue of `service` that receives `streamId`'s events. */
export function inboxQueueFor(service: ServiceName, streamId: string, partitions = 1): string {
  return partitionName(service, partitionOf(streamId, partitions));
}

/** Every inbox queue of `service`. */
export function inboxQueues(service: ServiceName, partitions = 1): string[] {
  return Array.from({ length: Math.max(1, partitions) }, (_, p) => partitionName(service, p));
}
