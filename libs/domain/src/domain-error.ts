/**
 * The one error type of the platform's business rules (house style: one DomainError with a
 * stable `code`; a single global filter maps it to HTTP problem+json). `code` is the contract
 * with clients: never rename one, add a new one instead.
 */
export type DomainErrorStatus = 400 | 401 | 403 | 404 | 409 | 412 | 422 | 428 | 429;

export class DomainError extends Error {
  override readonly name = 'DomainError';

  constructor(
    readonly code: string,
    message: string,
    readonly status: DomainErrorStatus = 422,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

/** Type guard usable across module boundaries (e.g. in an exception filter). */
export function isDomainError(e: unknown): e is DomainError {
  return e instanceof DomainError;
}
