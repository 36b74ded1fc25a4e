import type { PartnerRole } from '@poleflow/domain';

/** Coordinator first, then partners in the order they joined (ties by organisation id, for stability). */
export function orderPartners<P extends { role: PartnerRole; addedAt: Date; organisationId: string }>(partners: readonly P[]): P[] {
  return [...partners].sort((a, b) =>
    (a.role === 'coordinator' ? 0 : 1) - (b.role === 'coordinator' ? 0 : 1)
    || a.addedAt.getTime() - b.addedAt.getTime()
    || a.organisationId.localeCompare(b.organisationId));
}
