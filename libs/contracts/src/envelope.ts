import { z } from 'zod';

/** The services that own data and take part in the event flow (ARCHITECTURE.md §2). */
export const SERVICES = ['directory', 'submission', 'labelling', 'funding', 'milestones', 'tracker', 'network'] as const;
export type ServiceName = (typeof SERVICES)[number];

export const ROLES = ['applicant', 'reviewer', 'pole_manager', 'funder_officer', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export const actorSchema = z.object({
  userId: z.string().uuid(),
  role: z.enum(ROLES),
});
export type Actor = z.infer<typeof actorSchema>;

/**
 * The wire envelope of every event (ARCHITECTURE.md §3).
 * `sequence` numbers the events one producer (`source`) emitted on one stream (`streamId`), from 1 with no
 * gap: a consumer keeps a cursor per (source, streamId) and applies them in that order.
 */
export const envelopeSchema = z.object({
  id: z.string().uuid(),
  type: z.string().min(1),
  version: z.number().int().positive(),
  occurredAt: z.string().datetime({ offset: true }),
  source: z.enum(SERVICES),
  streamId: z.string().min(1),
  sequence: z.number().int().positive(),
  actor: actorSchema.nullable(),
  correlationId: z.string().min(1),
  causationId: z.string().nullable(),
  payload: z.unknown(),
});
export type Envelope<P = unknown> = Omit<z.infer<typeof envelopeSchema>, 'payload'> & { payload: P };
