import { expect, test } from '@playwright/test';
import { loadChain, saveChain, signIn } from './chain';
import { Api, until, visit } from './helpers';

/*
 * Step 03 of the chain (chain.ts): the company applies to a call, the funder decides and reviews milestones.
 * The officer acts through the API for now; issue 12 gives it pages.
 */
test('the funder grants the project and follows its milestones', async ({ page, baseURL }) => {
  const { projectId, email, password } = loadChain();
  const lea = await Api.login(baseURL!, email, password);
  await signIn(page, email, password);
  await page.goto(`/projets/${projectId}`);
  // before applying, each open call previews the project's eligibility: the PSPC-like call (label required) once funding has the label
  const pspc = (await lea.req('GET', '/api/v1/calls?status=open&limit=100')).body.items.find((c: { title: string }) => c.title.startsWith('Projets structurants'));
  await until(async () => (await lea.req('GET', `/api/v1/calls/${pspc.id}/eligibility-preview?projectId=${projectId}`)).body.eligible === true, 'the label in funding', 120_000);
  await page.reload();
  const pspcCard = page.locator('.mantine-Card-root').filter({ has: page.getByText(pspc.title, { exact: true }) });
  await expect(pspcCard.getByText('Éligible d’après votre projet')).toBeVisible();

  // funding: apply to the PSPC-like call, read each rule and each partner's ceiling
  await page.getByRole('button', { name: /^Candidater à Projets structurants/ }).click();
  await expect(page.getByRole('heading', { name: 'Plafonds d’aide par partenaire' })).toBeVisible({ timeout: 60_000 });
  await expect(page.getByText('éligible', { exact: true })).toBeVisible();
  await expect(page.getByText(/Aide maximale : \d[\d\s]*\s€/).first()).toBeVisible();
  await expect(page.getByText(/points? taille de l’entreprise|collaboration effective/).first()).toBeVisible();
  const applicationId = page.url().split('/candidatures/')[1];
  await visit(page, '13-candidature');

  // the funder grants 90 % of each ceiling in three tranches (part 2 gives it pages)
  const officer = await Api.login(baseURL!, 'officer@bpifrance.test');
  const app = await officer.req('GET', `/api/v1/applications/${applicationId}`);
  const lines = app.body.assessment.ceilings.partners.map((p: { partnerId: string; maxAidCents: number }) => ({ organisationId: p.partnerId, amountCents: Math.floor((p.maxAidCents * 0.9) / 100) * 100, aidForm: 'grant' }));
  await officer.req('POST', `/api/v1/applications/${applicationId}/decision`, {
    outcome: 'granted', partners: lines, motivation: 'Consortium équilibré et labellisé.',
    tranches: [{ milestone: 'prototype', percent: 30 }, { milestone: 'industrialisation', percent: 40 }, { milestone: 'market_launch', percent: 30 }],
  }, { 'if-match': app.etag! });
  await page.reload();
  await expect(page.getByText('Aide accordée')).toBeVisible();
  await visit(page, '14-candidature-decision');

  // milestones: report the prototype with a PDF, see the rejection, report again
  await page.getByRole('link', { name: /^DRONEO/ }).click();
  const proto = page.getByRole('region', { name: 'Prototype' });
  await until(async () => (await lea.req('GET', `/api/v1/milestones?projectId=${projectId}`)).body.length > 0, 'the milestone plan', 120_000);
  await page.reload();
  await expect(proto).toBeVisible();
  const pdf = { name: 'essais-prototype.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n') };
  await proto.locator('input[type=file]').setInputFiles(pdf);
  await expect(proto.getByText(/Justificatifs : essais-prototype\.pdf/)).toBeVisible();
  await proto.getByLabel('TRL atteint').fill('6');
  await proto.getByLabel('Dépenses engagées').fill('250000');
  await proto.getByLabel('Compte rendu').fill('Prototype assemblé et testé en vol captif.');
  await proto.getByRole('button', { name: 'Envoyer le rapport' }).click();
  await expect(proto.getByText('rapport envoyé')).toBeVisible();
  await visit(page, '15-jalons');
  const milestone = (await lea.req('GET', `/api/v1/milestones?projectId=${projectId}`)).body.find((m: { key: string }) => m.key === 'prototype');
  const m = await officer.req('GET', `/api/v1/milestones/${milestone.id}`);
  await officer.req('POST', `/api/v1/milestones/${milestone.id}/review`, { decision: 'rejected', comment: 'Il manque les résultats des essais en vol.' }, { 'if-match': m.etag! });
  await page.reload();
  await expect(proto.getByText('Il manque les résultats des essais en vol.')).toBeVisible();
  await visit(page, '16-jalon-refuse');
  await proto.locator('input[type=file]').setInputFiles({ ...pdf, name: 'essais-en-vol.pdf' });
  await expect(proto.getByText(/essais-en-vol\.pdf/)).toBeVisible();
  await proto.getByLabel('TRL atteint').fill('6');
  await proto.getByLabel('Dépenses engagées').fill('260000');
  await proto.getByLabel('Compte rendu').fill('Résultats des essais en vol joints.');
  await proto.getByRole('button', { name: 'Envoyer le rapport' }).click();
  await expect(proto.getByText('rapport envoyé')).toBeVisible();
  saveChain({ applicationId });
});
