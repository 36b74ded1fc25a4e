import { readFileSync } from 'node:fs';
import { expect, test, type Browser, type Locator, type Page } from '@playwright/test';
import { loadChain, saveChain, signIn } from './chain';
import { Api, until, visit } from './helpers';

/*
 * Step 02 of the chain (chain.ts): the pole labels the submitted project through its pages alone. The manager
 * appoints the project's coordinator to the reviewer pool (a conflicted expert for this project), admits the case
 * with the keyboard, sees that expert refused with the reason before clicking, assigns two reviewers; each scores
 * in their own browser (the first with the keyboard alone); the manager reads the committee view, labels the
 * project, prints the certificate and downloads its PDF. Then strangers get the "not found" page.
 */

const CRITERIA = ['Adéquation à la stratégie du pôle', 'Innovation', 'Potentiel de marché', 'Qualité du consortium', 'Impact territorial', 'Réalisme du budget'];

/** Presses Tab until `target` has the focus (bounded), as a keyboard user would. */
async function tabTo(page: Page, target: Locator, max = 200): Promise<void> {
  for (let i = 0; i < max && !(await target.evaluate((el) => el === document.activeElement)); i++) await page.keyboard.press('Tab');
  await expect(target).toBeFocused();
}

/** Reloads until `target` shows (the platform is asynchronous between services). */
async function reloadUntil(page: Page, target: Locator, ms = 60_000): Promise<void> {
  try {
    await until(async () => {
      if (await target.first().isVisible()) return true;
      await page.reload();
      await page.waitForLoadState('networkidle');
      return target.first().isVisible();
    }, 'the page to show it', ms);
  } catch (e) {
    await page.screenshot({ path: 'apps/web/e2e/artifacts/02-echec.png', fullPage: true });
    throw e;
  }
}

async function signedIn(browser: Browser, email: string): Promise<Page> {
  const context = await browser.newContext({ locale: 'fr-FR', timezoneId: 'Europe/Paris' });
  const p = await context.newPage();
  await signIn(p, email);
  return p;
}

test('the pole admits, assigns, reviews and labels the project through its pages', async ({ page, browser, baseURL }) => {
  // four people, each in their own browser, on a shared 2-core machine
  test.setTimeout(Math.max(Number(process.env.PW_TIMEOUT_MS ?? 0), 600_000));
  const { projectId, email, password, acronym } = loadChain();

  // the manager: the coordinator of the project joins the pool (she works for a partner: a conflict for this project)
  const m = await signedIn(browser, 'manager@aerospace-valley.test');
  await m.getByRole('link', { name: 'Réglages du pôle' }).click();
  await expect(m.getByRole('heading', { level: 1, name: 'Réglages du pôle — Aerospace Valley' })).toBeVisible();
  await expect(m.getByLabel('Quorum')).toHaveValue('2');
  await m.getByLabel('Adresse e-mail de l’expert').fill(email);
  await m.getByRole('button', { name: 'Nommer expert' }).click();
  await expect(m.getByRole('row', { name: /Léa Martin/ })).toBeVisible();
  await expect(m.getByRole('row', { name: /Rémi Reviewer/ })).toBeVisible();
  await visit(m, '12a-pole-reglages');

  // the case arrives "to check"
  await m.getByRole('link', { name: 'Dossiers', exact: true }).click();
  await expect(m.getByRole('heading', { level: 1, name: /Dossiers de labellisation/ })).toBeVisible();
  await reloadUntil(m, m.getByRole('link', { name: acronym, exact: true }));
  await visit(m, '12b-pole-dossiers');
  await m.getByRole('link', { name: acronym, exact: true }).click();
  await expect(m.getByRole('heading', { name: 'Critères de recevabilité' })).toBeVisible();
  await expect(m.getByRole('heading', { name: 'Consortium' })).toBeVisible();
  await expect(m.getByRole('cell', { name: 'Jeune Pousse Aéro' }).first()).toBeVisible();
  const caseId = m.url().split('/').at(-1)!;
  await visit(m, '12c-pole-dossier-recevabilite');

  // admissibility with the keyboard alone: the radio, the motivation, the button
  const admit = m.getByRole('radio', { name: 'Recevable : envoyer en expertise' });
  await tabTo(m, admit);
  await m.keyboard.press('Space');
  await expect(admit).toBeChecked();
  await m.keyboard.press('Tab');
  await expect(m.getByLabel(/^Motivation/)).toBeFocused();
  await m.keyboard.type('Projet collaboratif conforme à la feuille de route du pôle.');
  await tabTo(m, m.getByRole('button', { name: 'Enregistrer la recevabilité' }));
  await m.keyboard.press('Enter');
  await expect(m.getByText(/Déclaré recevable le/)).toBeVisible();

  // the pool: the conflicted expert is shown as such, with the reason, before anyone clicks; and refused
  const lea = m.getByRole('row', { name: /Léa Martin/ });
  await reloadUntil(m, lea);
  await expect(lea.getByText('Conflit d’intérêts', { exact: true })).toBeVisible();
  await expect(lea).toContainText('Léa Martin travaille pour Jeune Pousse Aéro, partenaire du consortium');
  await expect(lea.getByRole('button', { name: 'Affectation impossible : conflit d’intérêts' })).toBeDisabled();
  await expect(m.getByRole('row', { name: /Étienne Expert/ }).getByText('disponible')).toBeVisible();
  // the two reviewers, with the keyboard
  for (const name of ['Rémi Reviewer', 'Rose Reviewer']) {
    await tabTo(m, m.getByRole('button', { name: `Affecter ${name}` }));
    await m.keyboard.press('Enter');
    await expect(m.getByRole('listitem').filter({ hasText: name })).toContainText('à rendre');
  }
  await visit(m, '12d-pole-dossier-experts');
  // the coordinator leaves the pool again
  await m.getByRole('link', { name: 'Réglages du pôle' }).click();
  await m.getByRole('button', { name: 'Retirer Léa Martin du vivier' }).click();
  await m.getByRole('dialog').getByRole('button', { name: 'Retirer' }).click();
  await expect(m.getByRole('row', { name: /Léa Martin/ })).toHaveCount(0);

  // Rémi reviews with the keyboard alone: 4 everywhere but innovation (2), then submits after the confirmation
  const r1 = await signedIn(browser, 'reviewer@aerospace-valley.test');
  await r1.getByRole('link', { name: 'Mes expertises' }).click();
  await reloadUntil(r1, r1.getByRole('link', { name: new RegExp(acronym) }));
  await visit(r1, '12e-expert-evaluations');
  await r1.getByRole('link', { name: new RegExp(acronym) }).click();
  await expect(r1.getByRole('heading', { name: 'Grille d’évaluation' })).toBeVisible();
  await expect(r1.getByText('Rose Reviewer')).toHaveCount(0);
  const first = r1.getByRole('radiogroup', { name: new RegExp(`^${CRITERIA[0]}`) }).getByRole('radio', { name: '0', exact: true });
  await tabTo(r1, first);
  for (const c of CRITERIA) {
    const score = c === 'Innovation' ? 2 : 4;
    await r1.keyboard.press('Space');
    for (let i = 0; i < score; i++) await r1.keyboard.press('ArrowRight');
    await expect(r1.getByRole('radiogroup', { name: new RegExp(`^${c}`) }).getByRole('radio', { name: String(score), exact: true })).toBeChecked();
    await r1.keyboard.press('Tab');
    await r1.keyboard.type(c === 'Innovation' ? 'Rupture limitée par rapport aux drones existants.' : 'Solide et bien argumenté.');
    await r1.keyboard.press('Tab');
  }
  // weights 20/20/20/15/10/15: (4·80 + 2·20) / 100
  await expect(r1.getByText('3,60 / 5')).toBeVisible();
  await expect(r1.getByRole('radio', { name: 'Labelliser', exact: true })).toBeFocused();
  await r1.keyboard.press('Space');
  await r1.keyboard.press('Tab');
  await r1.keyboard.type('Projet solide, innovation à préciser.');
  await tabTo(r1, r1.getByRole('button', { name: 'Enregistrer le brouillon' }));
  await r1.keyboard.press('Enter');
  await expect(r1.getByText('Brouillon enregistré.')).toBeVisible();
  await visit(r1, '12f-expert-grille');
  await tabTo(r1, r1.getByRole('button', { name: 'Rendre l’expertise' }));
  await r1.keyboard.press('Enter');
  const confirm = r1.getByRole('dialog', { name: 'Rendre l’expertise ?' });
  await expect(confirm).toContainText('3,60 / 5');
  await tabTo(r1, confirm.getByRole('button', { name: 'Oui, rendre l’expertise' }));
  await r1.keyboard.press('Enter');
  await expect(r1.getByText(/Expertise rendue le/)).toBeVisible();
  await r1.context().close();

  // Rose reviews with the mouse: 5 everywhere (a disagreement on innovation)
  const r2 = await signedIn(browser, 'reviewer2@aerospace-valley.test');
  await r2.getByRole('link', { name: 'Mes expertises' }).click();
  await reloadUntil(r2, r2.getByRole('link', { name: new RegExp(acronym) }));
  await r2.getByRole('link', { name: new RegExp(acronym) }).click();
  for (const c of CRITERIA) {
    await r2.getByRole('radiogroup', { name: new RegExp(`^${c}`) }).getByRole('radio', { name: '5', exact: true }).check();
    await r2.getByLabel(`${c} : commentaire`).fill('Excellent.');
  }
  await expect(r2.getByText('5,00 / 5')).toBeVisible();
  await r2.getByRole('radio', { name: 'Labelliser sous conditions' }).check();
  await r2.getByRole('button', { name: 'Rendre l’expertise' }).click();
  await r2.getByRole('dialog').getByRole('button', { name: 'Oui, rendre l’expertise' }).click();
  await expect(r2.getByText(/Expertise rendue le/)).toBeVisible();
  await r2.context().close();

  // the committee view: both reviews side by side, average, spread, disagreement, quorum; the decision
  await m.goto(`/pole/dossiers/${caseId}`);
  await reloadUntil(m, m.getByText('Quorum atteint'));
  await expect(m.getByText('Moyenne pondérée : 4,3 / 5')).toBeVisible();
  await expect(m.getByRole('columnheader', { name: 'Rémi Reviewer' })).toBeVisible();
  await expect(m.getByRole('columnheader', { name: 'Rose Reviewer' })).toBeVisible();
  await expect(m.getByRole('row', { name: /^Innovation/ })).toContainText('désaccord');
  await expect(m.getByText('Les experts divergent (écart de 2 points ou plus) sur : Innovation')).toBeVisible();
  await visit(m, '12g-pole-comite');
  await m.getByRole('radio', { name: 'Labellisé', exact: true }).check();
  await m.getByLabel(/^Motivation/).fill('Projet innovant et solide ; le comité suit les experts.');
  await m.getByLabel('Conditions du label (une par ligne)').fill('Présenter le prototype au comité du pôle.');
  await m.getByRole('button', { name: 'Enregistrer la décision' }).click();
  await m.getByRole('dialog', { name: 'Enregistrer la décision du comité ?' }).getByRole('button', { name: 'Oui, enregistrer' }).click();
  const certificateLink = m.getByRole('link', { name: /^Certificat du label / });
  await expect(certificateLink).toBeVisible();
  const label = (await certificateLink.textContent())!.replace('Certificat du label ', '').trim();
  expect(label).toMatch(/^AV-\d{4}-\d{4}$/);

  // the certificate: printable page and PDF
  await certificateLink.click();
  await expect(m.getByRole('heading', { name: `Label n° ${label}` })).toBeVisible();
  await expect(m.getByText('Jeune Pousse Aéro')).toBeVisible();
  await expect(m.getByText('Présenter le prototype au comité du pôle.')).toBeVisible();
  await expect(m.getByRole('link', { name: new RegExp(`/labels/${label}$`) })).toBeVisible();
  await visit(m, '12h-pole-certificat');
  const [pdf] = await Promise.all([m.waitForEvent('download'), m.getByRole('button', { name: 'Télécharger le PDF' }).click()]);
  expect(pdf.suggestedFilename()).toBe(`certificat-label-${label}.pdf`);
  const bytes = readFileSync((await pdf.path())!);
  expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  expect(bytes.toString('latin1')).toContain(label);

  // the pole's dashboard, its figures and an export
  await m.getByRole('link', { name: 'Tableau de bord' }).click();
  await expect(m.getByRole('heading', { level: 1, name: /Tableau de bord du pôle/ })).toBeVisible();
  await expect(m.getByText('Taux de labellisation')).toBeVisible();
  await visit(m, '12i-pole-tableau-de-bord');
  const [xlsx] = await Promise.all([m.waitForEvent('download'), m.getByRole('button', { name: 'Exporter en Excel (XLSX)' }).click()]);
  expect(xlsx.suggestedFilename()).toMatch(/\.xlsx$/);
  await m.context().close();

  // the project page shows the label
  const leaApi = await Api.login(baseURL!, email, password);
  await until(async () => (await leaApi.req('GET', `/api/v1/projects/${projectId}`)).body.labelling.some((l: { labelNumber?: string }) => l.labelNumber === label), 'the label in submission', 120_000);
  await signIn(page, email, password);
  await page.goto(`/projets/${projectId}`);
  await expect(page.getByRole('link', { name: label })).toBeVisible();
  await expect(page.getByText('labellisé').first()).toBeVisible();
  await visit(page, '12-projet-labellise');
  saveChain({ labelNumber: label, caseId });
});

test('a reviewer not assigned and a manager of another pole get the "not found" page, never the case', async ({ browser }) => {
  const { caseId, acronym } = loadChain();
  expect(caseId).toBeTruthy();
  const other = await signedIn(browser, 'manager@systematic.test');
  await other.goto(`/pole/dossiers/${caseId}`);
  await expect(other.getByRole('heading', { level: 1, name: 'Page introuvable' })).toBeVisible();
  await expect(other.getByText(acronym)).toHaveCount(0);
  await visit(other, '12j-dossier-introuvable');
  await other.context().close();
  const stranger = await signedIn(browser, 'expert@onera.test');
  for (const path of [`/evaluations/${caseId}`, `/pole/dossiers/${caseId}`]) {
    await stranger.goto(path);
    await expect(stranger.getByRole('heading', { level: 1, name: 'Page introuvable' })).toBeVisible();
    await expect(stranger.getByText(acronym)).toHaveCount(0);
  }
  await stranger.context().close();
});
