import { encodeCursor } from '@poleflow/http';
import type { DeadLetterView } from '@poleflow/messaging';
import { decodeFanoutCursor, encodeFanoutCursor, mergePages } from './dead-letters.fanout.js';
import { routeFor } from './routes.js';

describe('routeFor', () => {
  it.each([
    ['/api/v1/projects/42/timeline', 'tracker'],
    ['/api/v1/projects/42/timeline/', 'tracker'],
    ['/api/v1/projects/42', 'submission'],
    ['/api/v1/projects', 'submission'],
    ['/api/v1/projects/42/timelines', 'submission'],
    ['/api/v1/auth/login', 'directory'],
    ['/api/v1/me', 'directory'],
    ['/api/v1/admin/affiliations/7', 'directory'],
    ['/api/v1/projectsX', undefined],
    ['/api/v1/admin/dead-letters', undefined],
    ['/docs', undefined],
  ])('%s → %s', (path, service) => {
    expect(routeFor(path)).toBe(service);
  });
});

const dl = (service: string, minute: number, id: string) =>
  ({ id, service, failedAt: new Date(Date.UTC(2026, 0, 1, 0, minute)).toISOString() }) as DeadLetterView;

describe('mergePages', () => {
  it('takes the newest overall and resumes each service after the last item taken from it', () => {
    const a = [dl('directory', 50, 'a1'), dl('directory', 30, 'a2')];
    const b = [dl('tracker', 40, 'b1'), dl('tracker', 20, 'b2')];
    const r = mergePages([
      { service: 'directory', items: a, nextCursor: 'dir-next' },
      { service: 'tracker', items: b, nextCursor: null },
    ], {}, 3);
    expect(r.items.map((i) => i.id)).toEqual(['a1', 'b1', 'a2']);
    // all of directory's page was taken: its own next cursor; one of tracker's: a cursor after b1
    expect(r.cursor).toEqual({ directory: 'dir-next', tracker: encodeCursor(b[0].failedAt, 'b1') });
  });

  it('leaves a service untouched when none of its items made the page, and marks an exhausted one null', () => {
    const r = mergePages([
      { service: 'directory', items: [dl('directory', 50, 'a1')], nextCursor: null },
      { service: 'tracker', items: [dl('tracker', 10, 'b1')], nextCursor: 'x' },
    ], { tracker: 'before' }, 1);
    expect(r.items.map((i) => i.id)).toEqual(['a1']);
    expect(r.cursor).toEqual({ directory: null, tracker: 'before' });
  });

  it('round-trips its cursor and refuses a foreign one', () => {
    expect(decodeFanoutCursor(encodeFanoutCursor({ directory: 'c', tracker: null }))).toEqual({ directory: 'c', tracker: null });
    expect(() => decodeFanoutCursor('not-ours')).toThrow(/cursor/);
    expect(() => decodeFanoutCursor(Buffer.from('[1,2]').toString('base64url'))).toThrow(/cursor/);
  });
});
