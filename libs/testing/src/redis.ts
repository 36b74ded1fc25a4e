import { Redis } from 'ioredis';
import { randomBytes } from 'node:crypto';

export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379/0';

/** A BullMQ prefix of its own for one suite, and a cleanup that deletes every key under it. */
export function testPrefix(label = 'suite'): { prefix: string; cleanup(): Promise<void> } {
  const prefix = `pft-${label.replace(/[^a-z0-9]/gi, '').toLowerCase().slice(0, 20)}-${randomBytes(4).toString('hex')}`;
  return { prefix, cleanup: testPrefix.cleanupOf(prefix) };
}

/** Deletes every key under a prefix. */
testPrefix.cleanupOf = (prefix: string) => async (): Promise<void> => {
  const r = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: 1 });
  try {
    let cursor = '0';
    do {
      const [next, keys] = await r.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length) await r.del(...keys);
    } while (cursor !== '0');
  } finally {
    r.disconnect();
  }
};
