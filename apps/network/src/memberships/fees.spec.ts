import { DEFAULT_FEE_GRID, feeClassOf, feeFor, membershipYear, nextYear, renewalReminderAt, yearEndsAt } from './fees.js';

describe('membership fees by grid', () => {
  it('classes companies by their French category, labs and training bodies by their kind', () => {
    expect(feeClassOf({ kind: 'company', categoryFr: 'TPE' })).toBe('TPE');
    expect(feeClassOf({ kind: 'company', categoryFr: 'ETI' })).toBe('ETI');
    expect(feeClassOf({ kind: 'company', categoryFr: 'GE' })).toBe('GE');
    expect(feeClassOf({ kind: 'company', categoryFr: null })).toBe('PME');
    expect(feeClassOf({ kind: 'research_organisation', categoryFr: 'GE' })).toBe('LAB');
    expect(feeClassOf({ kind: 'training_body', categoryFr: null })).toBe('TRAINING');
  });

  it('takes the fee from the pole\'s grid, a class the grid lacks from the defaults', () => {
    const grid = { TPE: 12_000, PME: 45_000 };
    expect(feeFor(grid, 'TPE')).toBe(12_000);
    expect(feeFor(grid, 'PME')).toBe(45_000);
    expect(feeFor(grid, 'GE')).toBe(DEFAULT_FEE_GRID.GE);
    expect(feeFor(null, 'LAB')).toBe(100_000);
    // Every default is positive and a large company pays more than a TPE.
    expect(Object.values(DEFAULT_FEE_GRID).every((v) => v > 0)).toBe(true);
    expect(DEFAULT_FEE_GRID.GE).toBeGreaterThan(DEFAULT_FEE_GRID.ETI);
    expect(DEFAULT_FEE_GRID.ETI).toBeGreaterThan(DEFAULT_FEE_GRID.PME);
    expect(DEFAULT_FEE_GRID.PME).toBeGreaterThan(DEFAULT_FEE_GRID.TPE);
  });

  it('runs a membership for a year, day before the anniversary included, and renews from the next day', () => {
    expect(membershipYear('2026-01-01')).toEqual({ startsOn: '2026-01-01', endsOn: '2026-12-31' });
    expect(membershipYear('2026-03-15')).toEqual({ startsOn: '2026-03-15', endsOn: '2027-03-14' });
    expect(membershipYear('2028-02-29')).toEqual({ startsOn: '2028-02-29', endsOn: '2029-02-28' });
    expect(nextYear('2026-12-31')).toEqual({ startsOn: '2027-01-01', endsOn: '2027-12-31' });
    expect(yearEndsAt('2026-12-31').toISOString()).toBe('2027-01-01T00:00:00.000Z');
    expect(renewalReminderAt('2026-12-31', 30).toISOString()).toBe('2026-12-02T00:00:00.000Z');
  });
});
