import { expect, test } from '@playwright/test';
import { loadChain, saveChain, signIn } from './chain';
import { Api, until, visit } from './helpers';

/*
 * Step 02 of the chain (chain.ts): the pole labels the submitted project. Its people act through the API for now;
 * issue 12 gives them pages.
 */
test('the pole admits, reviews and labels the project', async ({ page, baseURL }) => {
  const { projectId, email, password } = loadChain();
  const lea = await Api.login(baseURL!, email, password);
  await signIn(page, email, password);
  await page.goto(`/projets/${projectId}`);
  // the pole decides (part 2 gives it pages): admissibility, two reviews, the committee labels the project
  const manager = await Api.login(baseURL!, 'manager@aerospace-valley.test');
  const kase = await until(async () => (await manager.req('GET', `/api/v1/cases?projectId=${projectId}`)).body.items[0], 'the labelling case');
  let c = await manager.req('GET', `/api/v1/cases/${kase.id}`);
  await manager.req('POST', `/api/v1/cases/${kase.id}/admissibility`, { admissible: true, motivation: 'Recevable.' }, { 'if-match': c.etag! });
  const pool = new Map(((await manager.req('GET', `/api/v1/poles/${kase.pole.id}/reviewers?limit=100`)).body.items as { email: string; accountId: string }[]).map((r) => [r.email, r.accountId]));
  const reviewers = ['reviewer@aerospace-valley.test', 'reviewer2@aerospace-valley.test'];
  for (const r of reviewers) {
    await manager.req('POST', `/api/v1/cases/${kase.id}/assignments`, { reviewerUserId: pool.get(r) });
    const reviewer = await Api.login(baseURL!, r);
    const assignment = await until(async () => (await reviewer.req('GET', '/api/v1/assignments')).body.items.find((a: { caseId: string }) => a.caseId === kase.id), 'the assignment');
    const scores = Object.fromEntries(['strategy_fit', 'innovation', 'market_potential', 'consortium_quality', 'territorial_impact', 'budget_realism'].map((k) => [k, { score: 4, comment: 'Solide.' }]));
    await reviewer.req('PUT', `/api/v1/assignments/${assignment.id}/review`, { scores, recommendation: 'label', summary: 'Projet solide.' });
    await reviewer.req('POST', `/api/v1/assignments/${assignment.id}/review/submit`);
  }
  const label: string = await until(async () => {
    c = await manager.req('GET', `/api/v1/cases/${kase.id}`);
    const r = await manager.req('POST', `/api/v1/cases/${kase.id}/decision`, { outcome: 'labelled', motivation: 'Projet innovant et solide.' }, { 'if-match': c.etag! });
    return r.body.label?.number ?? r.body.rounds?.at(-1)?.decision?.labelNumber;
  }, 'the committee decision');

  // the project page shows the label
  await until(async () => (await lea.req('GET', `/api/v1/projects/${projectId}`)).body.labelling.some((l: { labelNumber?: string }) => l.labelNumber === label), 'the label in submission', 120_000);
  await page.reload();
  await expect(page.getByRole('link', { name: label })).toBeVisible();
  await expect(page.getByText('labellisé').first()).toBeVisible();
  await visit(page, '12-projet-labellise');
  saveChain({ labelNumber: label });
});
