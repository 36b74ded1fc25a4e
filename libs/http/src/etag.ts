import { DomainError } from '@poleflow/domain';

export const etagOf = (version: number): string => `W/"${version}"`;

/**
 * Optimistic concurrency over HTTP: an update of a versioned resource must send `If-Match` with the ETag it
 * read. Missing → 428; stale → 412 (ARCHITECTURE.md §4).
 */
export function assertIfMatch(ifMatch: string | undefined, currentVersion: number): void {
  if (!ifMatch) throw new DomainError('PRECONDITION_REQUIRED', 'send If-Match with the ETag you read', 428);
  const wanted = ifMatch.split(',').map((s) => s.trim());
  if (!wanted.includes('*') && !wanted.includes(etagOf(currentVersion)) && !wanted.includes(`"${currentVersion}"`)) {
    throw new DomainError('STALE_VERSION', `the resource is at version ${currentVersion}; read it again before updating`, 412);
  }
}
