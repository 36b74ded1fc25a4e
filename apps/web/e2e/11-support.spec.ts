import { expect, test } from '@playwright/test';
import { signIn } from './chain';
import { visit } from './helpers';

const PDF = Buffer.concat([Buffer.from('%PDF-1.7\n%âãÏÓ\n1 0 obj\n<< /Type /Catalog >>\nendobj\n'), Buffer.alloc(2048, 0x20), Buffer.from('\n%%EOF\n')]);

/*
 * Member support (issue 15 §4), its own journey: Composites du Sud (a demo member of Aerospace Valley) asks the pole
 * for help with a patent and attaches a file; the pole's manager takes it and asks for more; the member replies;
 * the manager answers and closes it.
 */
test.describe.serial('member support', () => {
  const subject = `Dépôt de brevet ${Date.now().toString(36)}`;

  test('a member asks its pole for help, with a file', async ({ page }) => {
    await signIn(page, 'bruno@composites.test');
    await page.getByRole('link', { name: 'Accompagnement' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Demandes d’accompagnement' })).toBeVisible();
    await expect(page.getByRole('link', { name: 'Levée de fonds de 3 M€' })).toBeVisible();
    await page.getByRole('combobox', { name: 'Domaine', exact: true }).click();
    await page.getByRole('option', { name: 'Propriété industrielle' }).click();
    await page.getByLabel('Objet').fill(subject);
    await page.getByLabel('Votre demande').fill('Nous voulons protéger notre procédé de drapage : brevet français ou européen ?');
    await page.getByRole('button', { name: 'Envoyer la demande' }).click();
    await expect(page.getByText('Votre demande a été envoyée à Aerospace Valley.')).toBeVisible();
    await page.getByRole('link', { name: subject }).click();
    await page.locator('input[type=file]').setInputFiles({ name: 'procede.pdf', mimeType: 'application/pdf', buffer: PDF });
    await expect(page.getByRole('button', { name: 'Télécharger procede.pdf' })).toBeVisible();
    await visit(page, '35-demande-accompagnement');
  });

  test('the pole takes it and asks for more', async ({ page }) => {
    await signIn(page, 'manager@aerospace-valley.test');
    await page.getByRole('link', { name: 'Demandes des adhérents' }).click();
    await page.getByRole('link', { name: subject }).click();
    await page.getByRole('button', { name: 'Prendre en charge' }).click();
    await expect(page.getByText('Demande prise en charge.')).toBeVisible();
    await page.getByLabel('Message').fill('Quels pays visez-vous pour la commercialisation ?');
    await page.getByRole('button', { name: 'Demander des précisions' }).click();
    await expect(page.getByText('En attente de l’adhérent')).toBeVisible();
    await visit(page, '36-accompagnement-pole');
  });

  test('the member replies', async ({ page }) => {
    await signIn(page, 'bruno@composites.test');
    await page.goto('/accompagnement');
    await expect(page.getByRole('row', { name: new RegExp(subject) })).toContainText('En attente de votre réponse');
    await page.getByRole('link', { name: subject }).click();
    await page.getByLabel('Message').fill('France, Allemagne et États-Unis.');
    await page.getByRole('button', { name: 'Répondre au pôle' }).click();
    await expect(page.getByText('Message envoyé.')).toBeVisible();
    await expect(page.getByText('France, Allemagne et États-Unis.')).toBeVisible();
  });

  test('the pole answers and closes it', async ({ page }) => {
    await signIn(page, 'manager@aerospace-valley.test');
    await page.goto('/pole/accompagnement');
    await page.getByRole('link', { name: subject }).click();
    await page.getByLabel('Message').fill('Un dépôt européen avec extension PCT ; nous vous mettons en relation avec un cabinet du réseau.');
    await page.getByRole('button', { name: 'Répondre', exact: true }).click();
    await expect(page.getByText('Message envoyé.')).toBeVisible();
    await page.getByLabel('Ce que le pôle a fait').fill('Mise en relation avec un conseil en propriété industrielle.');
    await page.getByRole('button', { name: 'Clore la demande' }).click();
    await expect(page.getByText('Mise en relation avec un conseil en propriété industrielle.')).toBeVisible();
    await expect(page.getByText('Close', { exact: true })).toBeVisible();
    await visit(page, '37-accompagnement-clos');
    await page.goto('/pole/adhesions');
    await expect(page.getByRole('table', { name: 'Demandes d’accompagnement par domaine' }).getByRole('row', { name: /Propriété industrielle/ })).toContainText('1');
  });
});
