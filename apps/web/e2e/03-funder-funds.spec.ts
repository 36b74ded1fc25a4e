import ExcelJS from 'exceljs';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { loadChain, saveChain, signIn } from './chain';
import { visit } from './helpers';

/*
 * Step 03 of the chain (chain.ts), through the pages alone: Bpifrance's officer publishes a call made from the rule
 * catalogue, Léa (the company, in her own browser) applies, the officer decides a grant (stopped one euro above a
 * ceiling first, then with the keyboard alone), Léa reports each milestone with its evidence, the officer rejects
 * then validates the prototype and validates the others to the market launch; the dashboard, the portfolio and an
 * XLSX export show the project; an officer of another funder gets "not found" on the application.
 */
const OFFICER = 'officer@bpifrance.test';
const OTHER_OFFICER = 'officer@anr.test';
const pdf = (name: string) => ({ name, mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n') });
const digits = (s: string) => Number(s.replace(/[^\d]/g, ''));

/** Reloads until `target` shows (the platform is asynchronous between services), bounded. */
async function reloadUntil(page: Page, target: Locator, ms = 120_000): Promise<void> {
  const end = Date.now() + ms;
  for (;;) {
    if (await target.isVisible().catch(() => false)) return;
    if (Date.now() > end) return expect(target).toBeVisible({ timeout: 1 });
    await page.waitForTimeout(1000);
    await page.reload();
    await page.waitForLoadState('networkidle');
  }
}

/** Presses Tab until `target` has the focus (keyboard only). */
async function tabTo(page: Page, target: Locator, max = 60): Promise<void> {
  for (let i = 0; i < max && !(await target.evaluate((el) => el === document.activeElement)); i++) await page.keyboard.press('Tab');
  await expect(target).toBeFocused();
}

test('the funder publishes a call, grants the project and follows its milestones to market', async ({ page, browser }) => {
  test.setTimeout(900_000);
  const { projectId, email, password, acronym, stamp } = loadChain();
  const callTitle = `Innovation collaborative ${stamp}`;

  // the officer: a new call from the rule catalogue, each rule's parameters checked as they are typed
  await signIn(page, OFFICER);
  await page.getByRole('navigation', { name: 'Navigation principale' }).getByRole('link', { name: 'Nos appels' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Appels à projets de Bpifrance' })).toBeVisible();
  await visit(page, '13a-financeur-appels');
  await page.getByRole('link', { name: 'Nouvel appel' }).click();
  await page.getByLabel('Intitulé de l’appel').fill(callTitle);
  await page.getByLabel('Présentation').fill('Projets collaboratifs de R&D labellisés par un pôle, de la preuve de concept à la mise sur le marché.');
  await page.getByRole('checkbox', { name: 'avance remboursable' }).check();
  const addRule = async (title: string) => {
    await page.getByRole('combobox', { name: 'Ajouter une règle du catalogue' }).click();
    await page.getByRole('option', { name: title }).click();
    return page.getByRole('region', { name: title });
  };
  const label = await addRule('Label de pôle requis');
  await expect(label.getByText(/détient un label actif/)).toBeVisible();
  const share = await addRule('Part maximale d\'un partenaire');
  await expect(share.getByText(/Aucun partenaire ne porte plus/)).toBeVisible();
  await share.getByLabel('Part maximale d’un partenaire (%)').fill('170');
  await expect(share.getByText('Entre 1 et 100.')).toBeVisible();
  await share.getByLabel('Part maximale d’un partenaire (%)').fill('70');
  await expect(share.getByText('Entre 1 et 100.')).toHaveCount(0);
  const partners = await addRule('Nombre minimal de partenaires');
  await partners.getByRole('textbox').fill('3');
  const rates = await addRule('Taux d\'aide du dispositif');
  await rates.getByLabel('Taux petite entreprise (%)').fill('35');
  await rates.getByLabel('Majoration label petite entreprise (points)').fill('80');
  await expect(rates.getByText('Taux et majoration ne peuvent dépasser 100 % (115 %).')).toBeVisible();
  await rates.getByLabel('Majoration label petite entreprise (points)').fill('15');
  await rates.getByLabel('Taux moyenne entreprise (%)').fill('25');
  await rates.getByLabel('Taux grande entreprise (%)').fill('20');
  await rates.getByLabel('Taux organisme de recherche (%)').fill('50');
  await expect(page.getByText(/Entre \d+ et \d+\.|Obligatoire\./)).toHaveCount(0);
  await visit(page, '13b-financeur-nouvel-appel');
  await page.getByRole('button', { name: 'Enregistrer le brouillon' }).click();
  const draft = page.getByRole('article', { name: callTitle });
  await expect(draft.getByText('brouillon')).toBeVisible();
  await visit(page, '13c-financeur-brouillon');
  await draft.getByRole('button', { name: `Publier l’appel ${callTitle}` }).click();
  await expect(page.getByText(`Appel « ${callTitle} » publié.`)).toBeVisible();
  // the filter with the keyboard (its radios are visually hidden)
  await page.getByRole('radio', { name: 'Brouillons' }).focus();
  await page.keyboard.press('ArrowRight');
  await expect(page.getByRole('radio', { name: 'Ouverts' })).toBeChecked();
  await expect(page.getByRole('article', { name: callTitle }).getByText('ouvert')).toBeVisible();

  // Léa, in her own browser, applies to the new call once funding knows the project's label
  const leaContext = await browser.newContext({ locale: 'fr-FR', timezoneId: 'Europe/Paris' });
  const lea = await leaContext.newPage();
  await signIn(lea, email, password);
  await lea.goto(`/projets/${projectId}`);
  const callCard = lea.locator('.mantine-Card-root').filter({ has: lea.getByText(callTitle, { exact: true }) });
  await reloadUntil(lea, callCard.getByText('Éligible d’après votre projet'));
  await lea.getByRole('button', { name: `Candidater à ${callTitle}` }).click();
  await expect(lea.getByRole('heading', { name: 'Plafonds d’aide par partenaire' })).toBeVisible({ timeout: 60_000 });
  const applicationId = lea.url().split('/candidatures/')[1];
  await visit(lea, '14a-candidature');

  // the officer finds it among the call's applications, filtered, and reads its assessment
  await page.getByRole('navigation', { name: 'Navigation principale' }).getByRole('link', { name: 'Candidatures' }).click();
  await page.getByRole('combobox', { name: 'Appel à projets' }).click();
  await page.getByRole('option', { name: callTitle }).click();
  await page.getByRole('combobox', { name: 'Éligibilité' }).click();
  await page.getByRole('option', { name: 'Éligibles', exact: true }).click();
  await expect(page).toHaveURL(/appel=.*eligibilite=oui|eligibilite=oui.*appel=/);
  const open = page.getByRole('link', { name: `Instruire la candidature ${acronym}` });
  await reloadUntil(page, open);
  await visit(page, '14b-financeur-candidatures');
  await open.click();
  await expect(page.getByRole('heading', { name: 'Examen d’éligibilité : Éligible' })).toBeVisible();

  // the decision: one euro above a ceiling is stopped as it is typed, and the grant is refused until fixed
  const names = ['Jeune Pousse Aéro', 'Composites du Sud', 'Laboratoire des matériaux'];
  const amount = (name: string) => page.getByRole('textbox', { name: `Montant accordé à ${name} (€)` });
  const ceilings = await Promise.all(names.map(async (n) => Number(await amount(n).getAttribute('placeholder'))));
  expect(ceilings.every((c) => c > 0)).toBe(true);
  await amount(names[0]).fill(String(ceilings[0] + 1));
  await expect(page.getByText(/Au-dessus du plafond de .+ pour ce partenaire\./)).toBeVisible();
  await page.getByLabel('Motivation de la décision').fill('Consortium équilibré et labellisé.');
  await page.getByRole('button', { name: 'Accorder l’aide' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'Corrigez les montants ou les versements signalés.' })).toBeVisible();
  await expect(page.getByRole('dialog')).toHaveCount(0);
  await visit(page, '15a-financeur-plafond-depasse');

  // then with the keyboard alone: 90 % of each ceiling, the tranches (30/40/30 by default) changed to 30/30/40, grant, confirm
  const grants = ceilings.map((c) => Math.floor(c * 0.9));
  await amount(names[0]).focus();
  for (const [i, n] of names.entries()) {
    await tabTo(page, amount(n));
    await page.keyboard.press('ControlOrMeta+a');
    await page.keyboard.type(String(grants[i]));
  }
  await expect(page.getByText(/Au-dessus du plafond/)).toHaveCount(0);
  const second = page.getByRole('textbox', { name: 'Part du versement 2 (%)' });
  await tabTo(page, second);
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.type('30');
  await expect(page.getByText('Les versements doivent totaliser 100 % (aujourd’hui 90 %).')).toBeVisible();
  await tabTo(page, page.getByRole('textbox', { name: 'Part du versement 3 (%)' }));
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.type('40');
  await expect(page.getByText('Total des versements : 100 %')).toBeVisible();
  await tabTo(page, page.getByRole('button', { name: 'Accorder l’aide' }));
  await page.keyboard.press('Enter');
  const confirm = page.getByRole('dialog').getByRole('button', { name: 'Accorder l’aide' });
  await expect(confirm).toBeFocused();
  await page.keyboard.press('Enter');
  const total = grants.reduce((s, g) => s + g, 0);
  await expect(page.getByText('Aide accordée', { exact: true })).toBeVisible();
  await visit(page, '15b-financeur-decision');

  // Léa sees the grant, then the milestones planned from it
  await lea.reload();
  await expect(lea.getByText('Aide accordée')).toBeVisible();
  await lea.goto(`/projets/${projectId}`);
  const region = (name: string) => lea.getByRole('region', { name });
  await reloadUntil(lea, region('Prototype'));
  const report = async (name: string, file: string, summary: string, trl: string, spent: string, launch?: boolean) => {
    const m = region(name);
    await m.locator('input[type=file]').setInputFiles(pdf(file));
    await expect(m.getByText(new RegExp(`Justificatifs : .*${file.replace('.', '\\.')}`))).toBeVisible();
    await m.getByLabel('TRL atteint').fill(trl);
    await m.getByLabel('Dépenses engagées').fill(spent);
    await m.getByLabel('Compte rendu').fill(summary);
    if (launch) {
      await m.getByLabel('Produit ou service mis sur le marché').fill('DRONEO Inspect');
      await m.getByLabel('Date de mise sur le marché').fill('2029-01-15');
      await m.getByLabel('Premiers clients').fill('EDF Renouvelables, Engie Green');
    }
    await m.getByRole('button', { name: 'Envoyer le rapport' }).click();
    await expect(m.getByText('rapport envoyé')).toBeVisible();
  };
  await report('Prototype', 'essais-prototype.pdf', 'Prototype assemblé et testé en vol captif.', '6', '250000');
  await visit(lea, '16a-jalons');

  // the officer reads the report, opens the evidence in the browser, rejects with a comment
  await page.getByRole('navigation', { name: 'Navigation principale' }).getByRole('link', { name: 'Jalons à examiner' }).click();
  const card = (name: string) => page.getByRole('article', { name: `${acronym} · ${name}` });
  await reloadUntil(page, card('Prototype'));
  await expect(card('Prototype').getByText('Prototype assemblé et testé en vol captif.')).toBeVisible();
  const [popup] = await Promise.all([page.waitForEvent('popup'), card('Prototype').getByRole('button', { name: 'Ouvrir essais-prototype.pdf' }).click()]);
  await expect.poll(() => popup.url()).toMatch(/^blob:/);
  await popup.close();
  await visit(page, '16b-financeur-jalons');
  await card('Prototype').getByRole('button', { name: 'Refuser le rapport' }).click();
  await expect(card('Prototype').getByText('Un commentaire est obligatoire pour refuser un rapport.')).toBeVisible();
  await card('Prototype').getByLabel('Commentaire au porteur').fill('Il manque les résultats des essais en vol.');
  await card('Prototype').getByRole('button', { name: 'Refuser le rapport' }).click();
  await expect(page.getByRole('status').filter({ hasText: `Rapport du jalon Prototype de ${acronym} refusé.` })).toBeVisible();

  // Léa reads the rejection and reports again
  await lea.reload();
  await expect(region('Prototype').getByText('Il manque les résultats des essais en vol.')).toBeVisible();
  await visit(lea, '16c-jalon-refuse');
  await report('Prototype', 'essais-en-vol.pdf', 'Résultats des essais en vol joints.', '6', '260000');

  // the officer validates: the tranche released is shown; then milestone by milestone to the market launch
  const validate = async (name: string, pct: number) => {
    await page.reload();
    await reloadUntil(page, card(name));
    await card(name).getByLabel('Commentaire au porteur').fill('Conforme au plan.');
    await card(name).getByRole('button', { name: 'Valider le jalon' }).click();
    const done = page.getByRole('status').filter({ hasText: `Jalon ${name} de ${acronym} validé : versement de` });
    await expect(done).toBeVisible();
    const released = digits((await done.textContent())!.split('versement de')[1]);
    expect(Math.abs(released - (total * pct) / 100)).toBeLessThanOrEqual(1);
  };
  await validate('Prototype', 30);
  await expect(page.getByRole('region', { name: /Jalons validés/ }).getByText(new RegExp(`${acronym} · Prototype · Versement débloqué`))).toBeVisible();
  await visit(page, '16d-financeur-jalon-valide');
  await lea.reload();
  await reloadUntil(lea, region('Industrialisation').getByRole('button', { name: 'Envoyer le rapport' }));
  await report('Industrialisation', 'pre-serie.pdf', 'Pré-série de 20 drones livrée.', '8', '700000');
  await validate('Industrialisation', 30);
  await lea.reload();
  await reloadUntil(lea, region('Mise sur le marché').getByRole('button', { name: 'Envoyer le rapport' }));
  await report('Mise sur le marché', 'lancement.pdf', 'DRONEO Inspect commercialisé.', '9', '1000000', true);
  await validate('Mise sur le marché', 40);
  await lea.reload();
  await expect(region('Mise sur le marché').getByText('validé', { exact: true })).toBeVisible();
  await leaContext.close();

  // the dashboard and the portfolio show the project; the export holds its row
  await page.getByRole('navigation', { name: 'Navigation principale' }).getByRole('link', { name: 'Portefeuille' }).click();
  const row = page.getByRole('row').filter({ has: page.getByRole('link', { name: acronym, exact: true }) });
  await reloadUntil(page, row.getByText('sur le marché'));
  await expect(row).toContainText(callTitle);
  await row.getByRole('button', { name: `Parcours de ${acronym}` }).click();
  await expect(page.getByText('Mise sur le marché').last()).toBeVisible();
  await expect(page.getByText('Versement libéré').first()).toBeVisible();
  await visit(page, '16e-financeur-portefeuille');

  await page.getByRole('navigation', { name: 'Navigation principale' }).getByRole('link', { name: 'Tableau de bord' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Tableau de bord de Bpifrance' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Engagé et versé dans le temps' })).toBeVisible();
  await expect(page.getByRole('cell', { name: acronym, exact: true })).toBeVisible();
  await expect(page.locator('.recharts-surface').first()).toBeVisible();
  await visit(page, '16f-financeur-tableau-de-bord');
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Exporter en Excel (XLSX)' }).click()]);
  expect(download.suggestedFilename()).toMatch(/^candidatures-bpifrance-\d{4}-\d{2}-\d{2}\.xlsx$/);
  const file = `apps/web/e2e/artifacts/${download.suggestedFilename()}`;
  await download.saveAs(file);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const sheet = wb.getWorksheet('Candidatures')!;
  const header = (sheet.getRow(1).values as unknown[]).map(String);
  const col = (h: string) => header.indexOf(h);
  const rows = sheet.getRows(2, sheet.rowCount - 1)!.map((r) => r.values as unknown[]);
  const ours = rows.find((r) => r[col('Acronyme')] === acronym && r[col('Appel à projets')] === callTitle)!;
  expect(ours).toBeDefined();
  expect(ours[col('Statut')]).toBe('Accordée');
  expect(ours[col('Aide accordée (€)')]).toBe(total);
  expect(ours[col('Titre')]).toBe('Drone d’inspection des pales d’éoliennes');

  // webhooks: a subscription, its secret shown once, its delivery log, a rotation
  await page.getByRole('navigation', { name: 'Navigation principale' }).getByRole('link', { name: 'Webhooks' }).click();
  await page.getByLabel('Adresse de réception (https)').fill(`https://93.184.216.34/poleflow/${stamp}`);
  await page.getByLabel('Description').fill('Système d’information Bpifrance');
  await page.getByRole('button', { name: 'Créer l’abonnement' }).click();
  const hook = page.getByRole('article', { name: `https://93.184.216.34/poleflow/${stamp}` });
  await expect(hook.getByText('Secret de signature')).toBeVisible();
  const first = await hook.locator('code').textContent();
  await hook.getByRole('button', { name: `Journal des envois de https://93.184.216.34/poleflow/${stamp}` }).click();
  await expect(hook.getByText(/Aucun envoi pour le moment\.|tentatives?/).first()).toBeVisible();
  await hook.getByRole('button', { name: `Renouveler le secret de https://93.184.216.34/poleflow/${stamp}` }).click();
  await expect(page.getByText('Nouveau secret : l’ancien signe encore pendant 24 heures.')).toBeVisible();
  await expect(hook.locator('code')).not.toHaveText(first!);
  await visit(page, '16g-financeur-webhooks');

  // an officer of another funder: "not found", never the application
  const other = await browser.newContext({ locale: 'fr-FR', timezoneId: 'Europe/Paris' });
  const anr = await other.newPage();
  await signIn(anr, OTHER_OFFICER);
  await anr.goto(`/financeur/candidatures/${applicationId}`);
  await expect(anr.getByRole('heading', { level: 1, name: 'Page introuvable' })).toBeVisible();
  await expect(anr.getByText(acronym)).toHaveCount(0);
  await visit(anr, '16h-autre-financeur-introuvable');
  await other.close();
  saveChain({ applicationId });
});
