/** What the controllers hand the services: plain data, no DTO classes, no HTTP. */
export interface ProjectContent {
  acronym?: string;
  title?: string;
  summary?: string;
  themes?: string[];
  keywords?: string[];
  trlStart?: number;
  trlTarget?: number;
  startDate?: string;
  durationMonths?: number;
  poleIds?: string[];
}

export interface CreateProject {
  coordinatorOrganisationId: string;
  acronym: string;
  title: string;
  content: ProjectContent;
}

/** Every write to an existing project carries the `If-Match` it was sent (optimistic concurrency). */
export interface ProjectWrite {
  projectId: string;
  ifMatch: string | undefined;
}

export interface UpdateProject extends ProjectWrite {
  changes: ProjectContent;
}

export interface RemovePartner extends ProjectWrite {
  organisationId: string;
}

export type Transition = { type: 'submit' } | { type: 'resubmit' } | { type: 'withdraw'; reason?: string };

export interface TransitionProject extends ProjectWrite {
  transition: Transition;
}
