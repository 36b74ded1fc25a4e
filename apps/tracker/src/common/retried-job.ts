/**
 * BullMQ job options of the tracker's outbound sends (e-mails, webhook deliveries): retried with exponential
 * backoff, finished jobs kept a day (their ids dedupe a re-enqueue by the sweeper), failed ones two weeks.
 */
export function retriedJobOptions(jobId: string, s: { maxAttempts: number; backoffMs: number }) {
  return {
    jobId,
    attempts: s.maxAttempts,
    backoff: { type: 'exponential', delay: s.backoffMs },
    removeOnComplete: { count: 1000, age: 24 * 3600 },
    removeOnFail: { count: 5000, age: 14 * 24 * 3600 },
  };
}
