import { expect, test } from '@playwright/test';
import { loadChain, signIn } from './chain';
import { visit } from './helpers';

/*
 * Step 04 of the chain (chain.ts): the public label check, the language switch, signing out.
 */
test('anyone checks the label in public; the interface speaks English on demand', async ({ page }) => {
  const { projectId, email, password } = loadChain();
  await signIn(page, email, password);
  await page.goto(`/projets/${projectId}`);
  const label = loadChain().labelNumber!;
  // the public label check: the label, then an unknown number
  await page.goto(`/labels/${label}`);
  await expect(page.getByText('Valide')).toBeVisible();
  await expect(page.getByText(/Drone d’inspection/)).toBeVisible();
  await visit(page, '17-label');
  await page.getByLabel('Numéro de label').fill('ZZ-2026-9999');
  await page.getByRole('button', { name: 'Vérifier' }).click();
  await expect(page.getByRole('alert')).toContainText('Aucun label ne porte le numéro ZZ-2026-9999');
  await visit(page, '18-label-inconnu');

  // the language switch: English, then back to French
  await page.getByText('EN', { exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Check a label' })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await page.getByText('FR', { exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Vérifier un label' })).toBeVisible();

  // sign out
  await page.getByRole('button', { name: /Léa Martin/ }).click();
  await page.getByRole('menuitem', { name: 'Se déconnecter' }).click();
  await expect(page.getByRole('link', { name: 'Créer un compte' }).first()).toBeVisible();
});
