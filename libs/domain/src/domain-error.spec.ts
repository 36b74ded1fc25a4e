import { DomainError, isDomainError } from './domain-error.js';

describe('DomainError', () => {
  it.each<[string, string, DomainError, number]>([
    ['INVALID_SIREN', 'bad', new DomainError('INVALID_SIREN', 'bad', 400), 400],
    ['PROJECT_NOT_SUBMITTABLE', 'incomplete', new DomainError('PROJECT_NOT_SUBMITTABLE', 'incomplete'), 422],
    ['INVALID_TRANSITION', 'nope', new DomainError('INVALID_TRANSITION', 'nope', 409), 409],
  ])('%s carries code, message and status', (code, message, e, status) => {
    expect(e).toBeInstanceOf(Error);
    expect(e.name).toBe('DomainError');
    expect(e.code).toBe(code);
    expect(e.message).toBe(message);
    expect(e.status).toBe(status);
    expect(e.details).toBeUndefined();
    expect(isDomainError(e)).toBe(true);
  });

  it('keeps details', () => {
    const e = new DomainError('X', 'm', 422, { errors: [1] });
    expect(e.details).toEqual({ errors: [1] });
  });

  it.each([[new Error('x')], ['x'], [null]])('isDomainError(%p) is false', (v) => {
    expect(isDomainError(v)).toBe(false);
  });
});
