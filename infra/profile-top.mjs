// Summarises a V8 .cpuprofile: self time by package (node_modules/<pkg>, our code, node internals) and the
// top functions. Usage: node infra/profile-top.mjs bench-results/profiles-*/submission.cpuprofile
import { readFileSync } from 'node:fs';

for (const file of process.argv.slice(2)) {
  const prof = JSON.parse(readFileSync(file, 'utf8'));
  const dt = new Map();
  prof.samples.forEach((id, i) => dt.set(id, (dt.get(id) ?? 0) + (prof.timeDeltas[i] ?? 0)));
  const byPkg = new Map();
  const byFn = new Map();
  let total = 0;
  let idle = 0;
  for (const n of prof.nodes) {
    const t = (dt.get(n.id) ?? 0) / 1000;
    const { functionName, url } = n.callFrame;
    if (functionName === '(idle)') { idle += t; continue; }
    total += t;
    const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
    const pkg = m ? m[1] : url.includes('/dist/') ? 'poleflow' : url ? 'node:internal' : functionName;
    byPkg.set(pkg, (byPkg.get(pkg) ?? 0) + t);
    const key = `${functionName || '(anonymous)'} ${url.split('/').slice(-2).join('/')}`;
    byFn.set(key, (byFn.get(key) ?? 0) + t);
  }
  const top = (m, k) => [...m.entries()].sort((a, b) => b[1] - a[1]).slice(0, k).map(([name, ms]) => ({ name, ms: Math.round(ms), pct: Math.round((ms / total) * 1000) / 10 }));
  console.log(`\n${file}: busy ${Math.round(total)} ms, idle ${Math.round(idle)} ms`);
  console.table(top(byPkg, 12));
  console.table(top(byFn, 12));
}
