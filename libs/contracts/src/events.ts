import { z } from 'zod';

/**
 * Wire event types: string literals, versioned, never derived from class names (STYLE.md).
 * Money is integer euro cents; dates are ISO strings.
 */
const uuid = z.string().uuid();
const cents = z.number().int().nonnegative();
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

export const ORGANISATION_KINDS = ['company', 'research_organisation', 'training_body'] as const;
export const SIZE_EU = ['micro', 'small', 'medium', 'large'] as const;
export const CATEGORY_FR = ['TPE', 'PME', 'ETI', 'GE'] as const;
export const AFFILIATION_KINDS = ['organisation', 'pole', 'funder'] as const;
export const COST_TYPES = ['personnel', 'equipment', 'subcontracting', 'overheads', 'other'] as const;
export const RESEARCH_CATEGORIES = ['fundamental', 'industrial', 'experimental', 'feasibility'] as const;

export const organisationPayload = z.object({
  organisationId: uuid,
  name: z.string(),
  kind: z.enum(ORGANISATION_KINDS),
  siren: z.string().regex(/^\d{9}$/),
  siret: z.string().regex(/^\d{14}$/).nullable(),
  /** The head office's region. */
  region: z.string(),
  nafCode: z.string().nullable(),
  sizeEu: z.enum(SIZE_EU).nullable(),
  categoryFr: z.enum(CATEGORY_FR).nullable(),
  /** Since the establishments: every region where the legal unit has an establishment (head office first). Absent in older events: `[region]`. */
  regions: z.array(z.string()).optional(),
  /** The establishments (SIRET) of the legal unit; absent in older events. */
  establishments: z.array(z.object({ siret: z.string().regex(/^\d{14}$/), region: z.string(), headOffice: z.boolean() })).optional(),
});

/** The regions where an organisation is present, from an `organisation.*` payload of any age. */
export const organisationRegions = (p: { region: string; regions?: string[] }): string[] => (p.regions?.length ? p.regions : [p.region]);

export const polePublishedPayload = z.object({
  poleId: uuid,
  slug: z.string(),
  /** Short code printed on label numbers (AV-2026-0042); never reused. */
  code: z.string().min(1).max(8),
  name: z.string(),
  regions: z.array(z.string()),
  themes: z.array(z.string()),
  /** The member count the pole publishes (poles data; null: not published). Absent in older events. */
  members: z.number().int().nonnegative().nullable().optional(),
});

export const funderPublishedPayload = z.object({
  funderId: uuid,
  slug: z.string(),
  name: z.string(),
  kind: z.string(),
  region: z.string().nullable(),
});

export const affiliationChangedPayload = z.object({
  userId: uuid,
  kind: z.enum(AFFILIATION_KINDS),
  targetId: uuid,
  role: z.string(),
  change: z.enum(['added', 'removed']),
});

/**
 * What an account may do right now, as directory knows it: every change of status (disabled, enabled), of the
 * admin flag or of an affiliation writes one, with a version that only grows. Services overlay it on the claims
 * of older access tokens (libs/auth `Standing`), so a removed role or a disabled account stops working at once.
 */
export const ACCOUNT_STATUSES = ['active', 'disabled'] as const;
export const accountStandingChangedPayload = z.object({
  accountId: uuid,
  version: z.number().int().positive(),
  status: z.enum(ACCOUNT_STATUSES),
  roles: z.array(z.string()),
  orgs: z.array(uuid),
  poles: z.array(z.object({ id: uuid, role: z.string() })),
  funders: z.array(uuid),
  /** Access tokens minted with a lower `ver` claim are refused (0: none). */
  minTokenVersion: z.number().int().nonnegative(),
});

/** Someone tried to register with the e-mail of an existing account: its owner gets a security notice. */
export const registrationAttemptedPayload = z.object({ accountId: uuid, attemptedAt: z.string().datetime({ offset: true }) });

/**
 * Who an account is, for the e-mails the tracker sends it: written by directory with the account's creation (and
 * re-emitted by the admin republish). Never relayed to feeds or webhooks (an e-mail address is personal data).
 */
export const accountProfileChangedPayload = z.object({ accountId: uuid, email: z.string().min(3), displayName: z.string() });

/** An admin put a dead-lettered event back on its queue (recorded in directory's audit trail). */
export const deadLetterRedrivenPayload = z.object({
  service: z.string(), deadLetterId: uuid, eventId: z.string(), eventType: z.string(), redriveCount: z.number().int().positive(),
});

export const projectCreatedPayload = z.object({
  projectId: uuid,
  acronym: z.string(),
  title: z.string(),
  coordinatorOrganisationId: uuid,
});

/**
 * A research organisation's GBER declarations (DOMAIN.md §4.4): the project is part of its non-economic
 * activity; it may publish its own results. null = not declared; only `confirmed` ones count in an assessment.
 */
export const partnerDeclarations = z.object({
  nonEconomicActivity: z.boolean().nullable(),
  mayPublish: z.boolean().nullable(),
  confirmed: z.boolean(),
});
export const DISSEMINATION_KINDS = ['conferences', 'open_access_publications', 'open_source_software'] as const;
/** GBER art. 25(6)(b)(ii): results widely disseminated through at least one of these means. */
export const wideDissemination = z.object({ declared: z.boolean(), kinds: z.array(z.enum(DISSEMINATION_KINDS)) });

// ---------------------------------------------------------------------------------------------
// Consortium consent (source: submission; streamId = projectId)
// ---------------------------------------------------------------------------------------------

export const PARTNER_ROLES = ['coordinator', 'partner'] as const;

const invitationRef = {
  invitationId: uuid,
  projectId: uuid,
  acronym: z.string(),
  /** The invited organisation; null for an invitation sent to an e-mail address until a member accepts it. */
  organisationId: uuid.nullable(),
  organisationName: z.string().nullable(),
  /** Sent to an e-mail address (never carried: the feed and webhooks of funders and poles relay these events). */
  byEmail: z.boolean(),
  role: z.enum(PARTNER_ROLES),
};
export const partnerInvitedPayload = z.object({ ...invitationRef, invitedBy: uuid, invitedAt: z.string().datetime({ offset: true }), coordinatorName: z.string() });
export const partnerAcceptedPayload = z.object({
  ...invitationRef, organisationId: uuid, organisationName: z.string(), acceptedBy: uuid, acceptedAt: z.string().datetime({ offset: true }),
});
export const partnerDeclinedPayload = z.object({ ...invitationRef, declinedBy: uuid, declinedAt: z.string().datetime({ offset: true }), reason: z.string().nullable() });
export const partnerInvitationWithdrawnPayload = z.object({ ...invitationRef, withdrawnBy: uuid, withdrawnAt: z.string().datetime({ offset: true }) });
export const partnerRemovedPayload = z.object({
  projectId: uuid, acronym: z.string(), organisationId: uuid, organisationName: z.string(), removedBy: uuid, removedAt: z.string().datetime({ offset: true }),
});
export const partnerBudgetConfirmedPayload = z.object({
  projectId: uuid, organisationId: uuid, organisationName: z.string(), totalCents: cents, declarations: partnerDeclarations,
  confirmedBy: uuid, confirmedAt: z.string().datetime({ offset: true }),
});

// Partial: a partner fills only the categories and cost types it uses (missing = 0).
const budgetSchema = z.partialRecord(z.enum(RESEARCH_CATEGORIES), z.partialRecord(z.enum(COST_TYPES), cents));

export const projectSnapshot = z.object({
  projectId: uuid,
  round: z.number().int().positive(),
  acronym: z.string(),
  title: z.string(),
  summary: z.string(),
  themes: z.array(z.string()),
  keywords: z.array(z.string()),
  trlStart: z.number().int().min(1).max(9),
  trlTarget: z.number().int().min(1).max(9),
  startDate: isoDate,
  durationMonths: z.number().int().positive(),
  poles: z.array(z.object({ poleId: uuid, lead: z.boolean() })).min(1),
  partners: z.array(z.object({
    organisationId: uuid,
    name: z.string(),
    kind: z.enum(ORGANISATION_KINDS),
    siren: z.string(),
    /** The partner's head-office region. */
    region: z.string(),
    /** Every region where the partner has an establishment (absent in snapshots older than establishments: `[region]`). */
    regions: z.array(z.string()).optional(),
    sizeEu: z.enum(SIZE_EU).nullable(),
    categoryFr: z.enum(CATEGORY_FR).nullable(),
    role: z.enum(['coordinator', 'partner']),
    budget: budgetSchema,
    totalCents: cents,
    /** GBER declarations of a research organisation (absent in snapshots made before they existed). */
    declarations: partnerDeclarations.optional(),
  })).min(1),
  totalCents: cents,
  /** The consortium's declaration of wide dissemination (absent in snapshots made before it existed). */
  wideDissemination: wideDissemination.optional(),
});

/**
 * The declarations changed after a submission (a partner confirmed or the coordinator changed them): funding
 * re-assesses the undecided applications with them. Carries every partner's declarations, not a diff.
 */
export const declarationsChangedPayload = z.object({
  projectId: uuid,
  round: z.number().int().positive(),
  wideDissemination,
  partners: z.array(z.object({ organisationId: uuid, declarations: partnerDeclarations })),
});

export const projectWithdrawnPayload = z.object({ projectId: uuid, reason: z.string().nullable() });

// ---------------------------------------------------------------------------------------------
// Labelling (source: labelling; streamId = projectId, so a consumer applies one project's steps in order)
// ---------------------------------------------------------------------------------------------

export const LABEL_OUTCOMES = ['labelled', 'not_labelled', 'revision_requested', 'support_letter'] as const;

/** What every labelling event says about its case. Never a reviewer identity: the consortium reads these. */
const caseRef = {
  caseId: uuid,
  projectId: uuid,
  poleId: uuid,
  poleCode: z.string(),
  poleName: z.string(),
  /** The lead labelling pole (listed first by the consortium); the others co-label. */
  lead: z.boolean(),
  round: z.number().int().positive(),
};

export const caseOpenedPayload = z.object({ ...caseRef, acronym: z.string() });
export const caseAdmittedPayload = z.object({ ...caseRef });
export const reviewerAssignedPayload = z.object({
  ...caseRef, assignmentId: uuid, reviewerUserId: uuid, dueAt: z.string().datetime({ offset: true }),
});
export const reviewerRemindedPayload = reviewerAssignedPayload;
export const reviewOverduePayload = reviewerAssignedPayload;
export const quorumReachedPayload = z.object({ ...caseRef, reviewCount: z.number().int().positive() });
export const labelGrantedPayload = z.object({
  ...caseRef,
  labelNumber: z.string(),
  grantedAt: z.string().datetime({ offset: true }),
  validUntil: isoDate,
  callRef: z.string().nullable(),
  conditions: z.array(z.string()),
  motivation: z.string(),
});
export const labelRefusedPayload = z.object({
  ...caseRef,
  /** `inadmissible`: closed at admissibility; `not_labelled`: the committee's decision. */
  outcome: z.enum(['not_labelled', 'inadmissible']),
  motivation: z.string(),
});
export const supportLetterPayload = z.object({ ...caseRef, motivation: z.string() });
export const revisionRequestedPayload = z.object({
  ...caseRef, requestedChanges: z.array(z.string()).min(1), motivation: z.string(),
});
export const labelRevokedPayload = z.object({ ...caseRef, labelNumber: z.string(), motivation: z.string() });
export const caseClosedPayload = z.object({ ...caseRef, reason: z.enum(['project_withdrawn', 'pole_removed']) });

// ---------------------------------------------------------------------------------------------
// Funding (source: funding; streamId = projectId)
// ---------------------------------------------------------------------------------------------

export const AID_FORMS = ['grant', 'repayable_advance'] as const;
export const MILESTONE_KEYS = ['proof_of_concept', 'prototype', 'industrialisation', 'market_launch'] as const;

const applicationRef = {
  applicationId: uuid,
  projectId: uuid,
  callId: uuid,
  callTitle: z.string(),
  funderId: uuid,
  funderName: z.string(),
};

export const fundingRequestedPayload = z.object({ ...applicationRef, round: z.number().int().positive(), appliedAt: z.string().datetime({ offset: true }) });

const bilingual = z.object({ fr: z.string(), en: z.string() });
export const eligibilityAssessedPayload = z.object({
  ...applicationRef,
  eligible: z.boolean(),
  /** What caused this assessment: the application itself, a label, a resubmission. */
  trigger: z.enum(['applied', 'label_granted', 'label_revoked', 'project_resubmitted', 'call_changed', 'declarations_changed']),
  outcomes: z.array(z.object({ type: z.string(), passed: z.boolean(), reason: bilingual })),
  ceilings: z.array(z.object({ organisationId: uuid, name: z.string(), maxAidCents: cents, outsideStateAid: z.boolean() })),
  totalMaxAidCents: cents,
  ruleVersion: z.string(),
});

export const fundingGrantedPayload = z.object({
  ...applicationRef,
  totalCents: cents,
  partners: z.array(z.object({ organisationId: uuid, name: z.string(), amountCents: cents, aidForm: z.enum(AID_FORMS) })).min(1),
  /** Percentages tied to milestones; they add up to 100. */
  tranches: z.array(z.object({ milestone: z.enum(MILESTONE_KEYS), percent: z.number().int().positive().max(100) })).min(1),
  motivation: z.string(),
});
export const fundingRefusedPayload = z.object({ ...applicationRef, motivation: z.string() });

// ---------------------------------------------------------------------------------------------
// Milestones (source: milestones; streamId = projectId)
// ---------------------------------------------------------------------------------------------

const planRef = { planId: uuid, projectId: uuid, applicationId: uuid, funderId: uuid, funderName: z.string() };
const milestoneRef = { ...planRef, milestoneId: uuid, key: z.enum(MILESTONE_KEYS) };
const partnerAmounts = z.array(z.object({ organisationId: uuid, name: z.string(), amountCents: cents, aidForm: z.enum(AID_FORMS) }));

export const planCreatedPayload = z.object({
  ...planRef,
  milestones: z.array(z.object({
    milestoneId: uuid, key: z.enum(MILESTONE_KEYS), dueAt: z.string().datetime({ offset: true }), trlExpected: z.number().int().min(1).max(9),
    percent: z.number().int().positive(), amountCents: cents,
  })).min(1),
});
export const milestoneReportedPayload = z.object({
  ...milestoneRef, attempt: z.number().int().positive(), trlReached: z.number().int().min(1).max(9), spentCents: cents, summary: z.string(),
});
export const milestoneValidatedPayload = z.object({
  ...milestoneRef, trlReached: z.number().int().min(1).max(9),
  /** The delivery stage the milestone proves, for the project stage (DOMAIN.md §6). */
  milestoneStage: z.enum(['prototype', 'industrialisation']).nullable(),
  comment: z.string(),
});
export const milestoneRejectedPayload = z.object({ ...milestoneRef, comment: z.string() });
export const milestoneRescheduledPayload = z.object({ ...milestoneRef, dueAt: z.string().datetime({ offset: true }) });
export const milestoneOverduePayload = z.object({ ...milestoneRef, dueAt: z.string().datetime({ offset: true }), escalated: z.boolean() });
export const trancheReleasedPayload = z.object({
  ...milestoneRef, totalCents: cents, partners: partnerAmounts,
  repayments: z.array(z.object({ organisationId: uuid, dueDate: isoDate, amountCents: cents })),
});
export const marketLaunchedPayload = z.object({
  projectId: uuid, planId: uuid, product: z.string(), launchDate: isoDate, firstCustomers: z.array(z.string()), revenueCents: cents.nullable(),
});

// ---------------------------------------------------------------------------------------------
// Pole membership and member support (source: network; streamId = membershipId, supportRequestId, or poleId
// for a pole's membership settings)
// ---------------------------------------------------------------------------------------------

/** The fee classes of a pole's membership grid: the French company categories, labs and training bodies. */
export const MEMBERSHIP_FEE_CLASSES = ['TPE', 'PME', 'ETI', 'GE', 'LAB', 'TRAINING'] as const;
// `poleName` (optional: events written before it existed lack it) lets the tracker name the pole in its notifications.
const membershipRef = { membershipId: uuid, poleId: uuid, organisationId: uuid, organisationName: z.string(), poleName: z.string().optional() };
export const membershipAppliedPayload = z.object({ ...membershipRef, feeClass: z.enum(MEMBERSHIP_FEE_CLASSES) });
/** A membership year: from `startsOn` to `endsOn` included, with its fee from the pole's grid. */
const membershipYear = { startsOn: isoDate, endsOn: isoDate, feeCents: cents, feeClass: z.enum(MEMBERSHIP_FEE_CLASSES) };
export const membershipAcceptedPayload = z.object({ ...membershipRef, ...membershipYear });
export const membershipRenewedPayload = z.object({ ...membershipRef, ...membershipYear });
export const membershipRefusedPayload = z.object({ ...membershipRef, reason: z.string() });
/** `feeCents`/`feeClass`: what the next year costs at the pole's grid of the day the reminder fires (optional: older events lack them). */
export const membershipRenewalDuePayload = z.object({ ...membershipRef, endsOn: isoDate, feeCents: cents.optional(), feeClass: z.enum(MEMBERSHIP_FEE_CLASSES).optional() });
export const membershipInvoicedPayload = z.object({ ...membershipRef, startsOn: isoDate, feeCents: cents });
export const membershipPaidPayload = z.object({ ...membershipRef, startsOn: isoDate, feeCents: cents });
export const membershipLeftPayload = z.object({ ...membershipRef, reason: z.string().nullable() });
export const membershipLapsedPayload = z.object({ ...membershipRef, endsOn: isoDate });
/** A pole's membership settings that other services act on: labelling checks the lead partner's membership. */
export const membershipRequirementChangedPayload = z.object({ poleId: uuid, leadMembershipRequired: z.boolean() });

export const SUPPORT_AREAS = ['private_financing', 'international', 'industrial_property', 'human_resources', 'other'] as const;
// The names and the assignee (optional: events written before them lack them) let the tracker notify with names:
// the organisation's members, the pole's managers, or the staff member who took the request (`assigneeId`).
const supportRef = {
  supportRequestId: uuid, poleId: uuid, organisationId: uuid, area: z.enum(SUPPORT_AREAS),
  poleName: z.string().optional(), organisationName: z.string().optional(), subject: z.string().optional(), assigneeId: uuid.nullable().optional(),
};
export const supportOpenedPayload = z.object({ ...supportRef, subject: z.string(), dueOn: isoDate });
export const supportTakenPayload = z.object({ ...supportRef, assigneeId: uuid });
export const supportMessagePayload = z.object({ ...supportRef, messageId: uuid });
export const supportClosedPayload = z.object({ ...supportRef, daysToClose: z.number().nonnegative() });
export const supportDuePayload = z.object({ ...supportRef, dueOn: isoDate });
// network (matchmaking, network-b): contact requests between organisations and their messages. The tracker turns
// them into in-app notifications and e-mails to the receiving organisation's members. A message's text stays in network.
const contactRef = {
  contactId: uuid, fromOrganisationId: uuid, fromOrganisationName: z.string(), toOrganisationId: uuid, toOrganisationName: z.string(),
};
export const contactRequestedPayload = z.object({
  ...contactRef, requestedBy: uuid, requestedAt: z.string().datetime({ offset: true }),
  /** The "partner wanted" request the contact answers, when there is one. */
  partnerRequestTitle: z.string().nullable(),
});
export const contactAnsweredPayload = z.object({ ...contactRef, accepted: z.boolean(), answeredBy: uuid, answeredAt: z.string().datetime({ offset: true }) });
/** `fromOrganisation*` is the message's author, `toOrganisation*` the other side (whoever opened the contact). */
export const contactMessagePostedPayload = z.object({ ...contactRef, messageId: uuid, postedBy: uuid, postedAt: z.string().datetime({ offset: true }) });

/** The registry: every (type, version) the platform knows, with its payload schema. */
export const EVENT_SCHEMAS = {
  'organisation.registered': { version: 1, payload: organisationPayload },
  'organisation.updated': { version: 1, payload: organisationPayload },
  'pole.published': { version: 1, payload: polePublishedPayload },
  'funder.published': { version: 1, payload: funderPublishedPayload },
  'affiliation.changed': { version: 1, payload: affiliationChangedPayload },
  'account.standing_changed': { version: 1, payload: accountStandingChangedPayload },
  'account.registration_attempted': { version: 1, payload: registrationAttemptedPayload },
  'account.profile_changed': { version: 1, payload: accountProfileChangedPayload },
  'admin.dead_letter_redriven': { version: 1, payload: deadLetterRedrivenPayload },
  'project.created': { version: 1, payload: projectCreatedPayload },
  'project.submitted': { version: 1, payload: projectSnapshot },
  'project.resubmitted': { version: 1, payload: projectSnapshot },
  'project.withdrawn': { version: 1, payload: projectWithdrawnPayload },
  'project.declarations_changed': { version: 1, payload: declarationsChangedPayload },
  'partner.invited': { version: 1, payload: partnerInvitedPayload },
  'partner.accepted': { version: 1, payload: partnerAcceptedPayload },
  'partner.declined': { version: 1, payload: partnerDeclinedPayload },
  'partner.invitation_withdrawn': { version: 1, payload: partnerInvitationWithdrawnPayload },
  'partner.budget_confirmed': { version: 1, payload: partnerBudgetConfirmedPayload },
  'partner.removed': { version: 1, payload: partnerRemovedPayload },
  'labelling.case_opened': { version: 1, payload: caseOpenedPayload },
  'labelling.case_admitted': { version: 1, payload: caseAdmittedPayload },
  'labelling.reviewer_assigned': { version: 1, payload: reviewerAssignedPayload },
  'labelling.reviewer_reminded': { version: 1, payload: reviewerRemindedPayload },
  'labelling.review_overdue': { version: 1, payload: reviewOverduePayload },
  'labelling.quorum_reached': { version: 1, payload: quorumReachedPayload },
  'labelling.case_closed': { version: 1, payload: caseClosedPayload },
  'label.granted': { version: 1, payload: labelGrantedPayload },
  'label.refused': { version: 1, payload: labelRefusedPayload },
  'label.support_letter_issued': { version: 1, payload: supportLetterPayload },
  'label.revision_requested': { version: 1, payload: revisionRequestedPayload },
  'label.revoked': { version: 1, payload: labelRevokedPayload },
  'funding.requested': { version: 1, payload: fundingRequestedPayload },
  'eligibility.assessed': { version: 1, payload: eligibilityAssessedPayload },
  'funding.granted': { version: 1, payload: fundingGrantedPayload },
  'funding.refused': { version: 1, payload: fundingRefusedPayload },
  'milestones.plan_created': { version: 1, payload: planCreatedPayload },
  'milestone.reported': { version: 1, payload: milestoneReportedPayload },
  'milestone.validated': { version: 1, payload: milestoneValidatedPayload },
  'milestone.rejected': { version: 1, payload: milestoneRejectedPayload },
  'milestone.rescheduled': { version: 1, payload: milestoneRescheduledPayload },
  'milestone.overdue': { version: 1, payload: milestoneOverduePayload },
  'tranche.released': { version: 1, payload: trancheReleasedPayload },
  'project.market_launched': { version: 1, payload: marketLaunchedPayload },
  'membership.applied': { version: 1, payload: membershipAppliedPayload },
  'membership.accepted': { version: 1, payload: membershipAcceptedPayload },
  'membership.refused': { version: 1, payload: membershipRefusedPayload },
  'membership.renewal_due': { version: 1, payload: membershipRenewalDuePayload },
  'membership.renewed': { version: 1, payload: membershipRenewedPayload },
  'membership.invoiced': { version: 1, payload: membershipInvoicedPayload },
  'membership.paid': { version: 1, payload: membershipPaidPayload },
  'membership.left': { version: 1, payload: membershipLeftPayload },
  'membership.lapsed': { version: 1, payload: membershipLapsedPayload },
  'membership.requirement_changed': { version: 1, payload: membershipRequirementChangedPayload },
  'support_request.opened': { version: 1, payload: supportOpenedPayload },
  'support_request.taken': { version: 1, payload: supportTakenPayload },
  'support_request.answered': { version: 1, payload: supportMessagePayload },
  'support_request.more_info_requested': { version: 1, payload: supportMessagePayload },
  'support_request.replied': { version: 1, payload: supportMessagePayload },
  'support_request.rescheduled': { version: 1, payload: supportDuePayload },
  'support_request.closed': { version: 1, payload: supportClosedPayload },
  'support_request.due_soon': { version: 1, payload: supportDuePayload },
  'support_request.overdue': { version: 1, payload: supportDuePayload },
  'network.contact_requested': { version: 1, payload: contactRequestedPayload },
  'network.contact_answered': { version: 1, payload: contactAnsweredPayload },
  'network.contact_message_posted': { version: 1, payload: contactMessagePostedPayload },
} as const;

export type EventType = keyof typeof EVENT_SCHEMAS;
export type EventPayload<T extends EventType> = z.infer<(typeof EVENT_SCHEMAS)[T]['payload']>;
export const EVENT_TYPES = Object.keys(EVENT_SCHEMAS) as EventType[];

export function isEventType(t: string): t is EventType {
  return Object.prototype.hasOwnProperty.call(EVENT_SCHEMAS, t);
}
