import { unstorable, unstorableInput, unstorableStrings } from './input-guard.js';

describe('unstorable input (U+0000, lone surrogates)', () => {
  it('accepts ordinary text, accents, emoji (surrogate pairs) and empty strings', () => {
    for (const s of ['', 'Pôle Mer Méditerranée', 'a😀b', '\u00a0\t\n']) expect(unstorable(s)).toBeUndefined();
  });

  it('refuses NUL and lone high or low surrogates', () => {
    expect(unstorable('a\u0000b')).toMatch(/U\+0000/);
    expect(unstorable('a\ud800')).toMatch(/surrogate/);
    expect(unstorable('\udc00b')).toMatch(/surrogate/);
  });

  it('reports the path of every bad string, nested in arrays and objects, keys included', () => {
    const body = { displayName: 'a\u0000b', keywords: ['ok', 'x\ud83d'], members: [{ name: 'fine', role: '\u0000' }], 'odd key\u0000': 1 };
    expect(unstorableStrings(body, 'body').map((e) => e.path)).toEqual([
      'body.displayName', 'body.keywords[1]', 'body.members[0].role', 'body["odd key\\u0000"]',
    ]);
  });

  it('walks params, query, body and the data headers of a request', () => {
    const errors = unstorableInput({
      params: { id: '\u0000' }, query: { q: 'a\u0000', tags: ['b', '\ud800'] }, body: { title: '\u0000' },
      headers: { 'idempotency-key': 'k\udfff', authorization: 'Bearer x' },
    });
    expect(errors.map((e) => e.path)).toEqual(['params.id', 'query.q', 'query.tags[1]', 'body.title', 'headers.idempotency-key']);
    expect(errors[0].message).toBe('params.id must not contain the NUL character (U+0000)');
  });

  it('refuses a value nested deeper than 32 levels (class-transformer would overflow the stack)', () => {
    let deep: unknown = 'x';
    for (let i = 0; i < 5000; i++) deep = [deep];
    expect(unstorableStrings(deep, 'body')).toEqual([{ path: `body${'[0]'.repeat(32)}`, message: expect.stringMatching(/nested deeper than 32 levels/) }]);
    let ok: unknown = 'x';
    for (let i = 0; i < 31; i++) ok = { a: ok };
    expect(unstorableStrings(ok, 'body')).toEqual([]);
  });

  it('stops at 20 errors', () => {
    expect(unstorableStrings(Array.from({ length: 100 }, () => '\u0000'), 'body')).toHaveLength(20);
  });
});
