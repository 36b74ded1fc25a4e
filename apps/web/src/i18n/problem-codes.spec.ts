import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { PROBLEM_CODES } from './problems';

/** Every code the services throw (DomainError or a problem's `code:`) has a message in the web app's map. */
function sources(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) {
      if (name !== 'node_modules' && name !== 'dist' && name !== 'web') sources(p, out);
    } else if (p.endsWith('.ts') && !/\.(int-|e2e-)?spec\.ts$/.test(p)) out.push(p);
  }
  return out;
}

describe('web: problem messages', () => {
  it('every code thrown by the services has a French and an English message', () => {
    const thrown = new Set<string>();
    for (const f of [...sources('apps'), ...sources('libs')]) {
      const text = readFileSync(f, 'utf8');
      for (const m of text.matchAll(/new DomainError\(\s*'([A-Z][A-Z_]+)'/g)) thrown.add(m[1]);
      for (const m of text.matchAll(/(?:sendProblem|problem)\([^,]+,\s*(?:[^,]+,\s*)?'([A-Z][A-Z_]+)'/g)) thrown.add(m[1]);
    }
    expect(thrown.size).toBeGreaterThan(50);
    const known = new Set<string>(PROBLEM_CODES);
    expect([...thrown].filter((c) => !known.has(c)).sort()).toEqual([]);
  });
});
