import type { Pool, PoolClient } from 'pg';

/** How long a request may wait for a pooled connection (or for a new one to open) before it fails. */
export const POOL_ACQUIRE_TIMEOUT_MS = 10_000;

/**
 * Gives a connection that breaks while checked out back to the pool, which then discards it.
 *
 * Why: MikroORM 7 runs transactions as Kysely "controlled transactions", which release their connection only
 * after a successful `COMMIT` or `ROLLBACK`. When PostgreSQL restarts mid-transaction both fail on the dead
 * connection, so the connection is never released: the pool still counts it, and once every slot is lost this
 * way (under load: all of them), each later query waits for a free slot forever — the service is wedged and
 * `pool.end()` on shutdown never returns either. Here, the moment a checked-out client errors or ends, it is
 * released with the error (pg-pool then removes it and opens a fresh one on demand) and its holder's own
 * later `release()` becomes a no-op.
 */
export function releaseBrokenClients(pool: Pool): void {
  const checkedOut = new WeakSet<PoolClient>();
  pool.on('acquire', (client) => checkedOut.add(client));
  pool.on('release', (_err, client) => checkedOut.delete(client));
  pool.on('connect', (client) => {
    const broken = (err?: Error) => {
      if (!checkedOut.has(client)) return; // idle clients are handled by pg-pool itself
      checkedOut.delete(client);
      const release = client.release;
      client.release = () => undefined;
      try {
        release.call(client, err ?? new Error('PostgreSQL connection ended'));
      } catch {
        // already released by its holder in the meantime
      }
    };
    client.on('error', broken);
    client.on('end', () => broken());
  });
}
