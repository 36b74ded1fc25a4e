import { expect, test, type Browser, type Page } from '@playwright/test';
import { loadChain, signIn, type Chain } from './chain';
import { fitsWidth, tabTo, visit } from './helpers';

/*
 * Step 05 of the chain (chain.ts): the admin's workspace (accounts, roles, audit trail, dead letters, e-mails, the
 * queue dashboard), then the proof that other parties get "not found" on the project's pages, then the main
 * public pages and the company's project page on a phone (390 px).
 */

/** A second browser (its own session) signed in as someone else. */
async function browserOf(browser: Browser, email: string, password?: string, viewport?: { width: number; height: number }): Promise<Page> {
  const context = await browser.newContext({ locale: 'fr-FR', timezoneId: 'Europe/Paris', ...(viewport ? { viewport } : {}) });
  const page = await context.newPage();
  await signIn(page, email, password);
  return page;
}

test('the admin finds Léa, reads the audit trail, disables her account (she is signed out) and enables it again', async ({ page, browser }) => {
  const { email, password } = loadChain();
  const lea = await browserOf(browser, email, password);
  await lea.goto('/projets');
  await expect(lea.getByRole('heading', { level: 1, name: 'Mes projets' })).toBeVisible();

  // the admin's main path with the keyboard alone: Accounts, search Léa, disable, confirm
  await signIn(page, 'admin@poleflow.test');
  await page.goto('/');
  const accounts = page.getByRole('navigation', { name: 'Navigation principale' }).getByRole('link', { name: 'Comptes' });
  await tabTo(page, accounts);
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1, name: 'Comptes' })).toBeVisible();
  const search = page.getByRole('searchbox', { name: 'Rechercher un compte' });
  await tabTo(page, search);
  await page.keyboard.type(email.split('@')[0]);
  await expect(page).toHaveURL(/q=lea\./);
  await expect(page.getByRole('cell', { name: email })).toBeVisible();
  await expect(page.getByRole('row')).toHaveCount(2);
  await visit(page, '19-admin-comptes');
  const disable = page.getByRole('button', { name: 'Désactiver le compte de Léa Martin' });
  await tabTo(page, disable);
  await page.keyboard.press('Enter');
  const dialog = page.getByRole('dialog', { name: 'Désactiver le compte de Léa Martin ?' });
  await expect(dialog).toBeVisible();
  await visit(page, '19b-admin-desactiver');
  await expect(dialog.getByRole('button', { name: 'Désactiver' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByText('Le compte de Léa Martin est désactivé et ses sessions sont fermées.')).toBeVisible();
  await expect(page.getByRole('row', { name: /Léa Martin.*désactivé/ })).toBeVisible();

  // Léa's open session ends: her next page asks her to sign in, and her password no longer opens it
  await lea.reload();
  await expect(lea).toHaveURL(/\/connexion/);
  await lea.getByLabel('Adresse e-mail').fill(email);
  await lea.getByLabel('Mot de passe').fill(password);
  await lea.getByRole('button', { name: 'Se connecter' }).click();
  await expect(lea.getByRole('alert').filter({ hasText: 'Ce compte est désactivé' })).toBeVisible();

  // her roles: her organisation; the admin appoints her expert of a pole, then removes the role
  await page.getByRole('button', { name: 'Voir les rôles de Léa Martin' }).click();
  const roles = page.getByRole('dialog', { name: 'Rôles de Léa Martin' });
  await expect(roles.getByText(/Organisation Jeune Pousse Aéro/)).toBeVisible();
  await expect(roles.getByText(/administrateur · depuis le/)).toBeVisible();
  await roles.getByRole('combobox', { name: 'Pôle ou financeur' }).fill('Cap Digital');
  await page.getByRole('option', { name: 'Cap Digital' }).click();
  await roles.getByRole('button', { name: 'Nommer' }).click();
  await expect(roles.getByText(/Pôle Cap Digital/)).toBeVisible();
  await visit(page, '20-admin-roles');
  await roles.getByRole('button', { name: 'Retirer le rôle expert (Cap Digital)' }).click();
  await page.getByRole('dialog', { name: 'Retirer le rôle expert (Cap Digital)' }).getByRole('button', { name: 'Retirer' }).click();
  await expect(roles.getByText(/Pôle Cap Digital/)).toHaveCount(0);
  await page.keyboard.press('Escape');
  await expect(roles).toHaveCount(0);

  // enabled again: she signs in
  await page.getByRole('button', { name: 'Réactiver le compte de Léa Martin' }).click();
  await expect(page.getByText('Le compte de Léa Martin est réactivé.')).toBeVisible();
  await lea.getByRole('button', { name: 'Se connecter' }).click();
  await expect(lea).not.toHaveURL(/\/connexion/);
  await lea.context().close();

  // the audit trail of her account: who disabled and enabled it, filtered by action (in the URL)
  await page.getByRole('link', { name: 'Journal de Léa Martin' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Journal d’audit' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Retirer le filtre sur Léa Martin' })).toBeVisible();
  await expect(page.getByRole('row', { name: /Compte désactivé.*réussi.*Ada Admin.*Léa Martin/ })).toBeVisible();
  await expect(page.getByRole('row', { name: /Compte réactivé.*Ada Admin.*Léa Martin/ })).toBeVisible();
  await expect(page.getByRole('row', { name: /Rôle attribué.*Ada Admin.*Léa Martin.*rôle : expert/ })).toBeVisible();
  await visit(page, '21-admin-journal');
  await page.getByRole('combobox', { name: 'Action' }).click();
  await page.getByRole('option', { name: 'Compte désactivé' }).click();
  await expect(page).toHaveURL(/action=account\.disabled/);
  await expect(page.getByRole('row', { name: /Compte réactivé/ })).toHaveCount(0);
  await expect(page.getByRole('row', { name: /Compte désactivé/ })).toHaveCount(1);
  await page.reload();
  await expect(page.getByRole('row', { name: /Compte désactivé/ })).toHaveCount(1);
});

test('the admin sees the directory, the dead letters, the e-mails and opens the queue dashboard', async ({ page }) => {
  await signIn(page, 'admin@poleflow.test');
  await page.getByRole('link', { name: 'Pôles et financeurs' }).click();
  await expect(page.getByRole('cell', { name: 'Bpifrance', exact: true })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Aerospace Valley' })).toBeVisible();
  await visit(page, '22-admin-poles-financeurs');

  // dead letters: the platform processed everything in this journey, so the empty state says so
  await page.getByRole('link', { name: 'Lettres mortes' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Lettres mortes' })).toBeVisible();
  const redrive = page.getByRole('button', { name: /^Relancer le message/ });
  await expect(page.getByText('Aucune lettre morte dans cette catégorie').or(redrive.first())).toBeVisible();
  await visit(page, '23-admin-lettres-mortes');
  if (await redrive.count()) {
    await redrive.first().click();
    await page.getByRole('dialog', { name: 'Relancer ce message ?' }).getByRole('button', { name: 'Relancer' }).click();
    await expect(page.getByText('Message relancé.')).toBeVisible();
  }

  // the queue dashboard (bull-board at the gateway) in a new tab, the token never left in its address
  const [queues] = await Promise.all([page.waitForEvent('popup'), page.getByRole('link', { name: /Tableau de bord des files/ }).click()]);
  await queues.waitForLoadState('domcontentloaded');
  await expect(queues).toHaveURL(/\/admin\/queues\/?$/);
  await expect(queues.getByText(/inbox/).first()).toBeVisible();
  await queues.screenshot({ path: 'apps/web/e2e/artifacts/24-admin-files.png', fullPage: true });
  await queues.close();

  await page.getByRole('link', { name: 'E-mails' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'E-mails envoyés' })).toBeVisible();
  await page.getByText('Envoyés', { exact: true }).click();
  await expect(page).toHaveURL(/statut=sent/);
  await expect(page.getByRole('row', { name: /Léa Martin/ }).first().or(page.getByText('Aucun e-mail dans cette catégorie.'))).toBeVisible();
  await visit(page, '25-admin-e-mails');
});

/**
 * The chain project's pages that must answer "not found" to someone outside it. The pole's case and evaluation
 * pages and the funder's application page join this list where they exist.
 */
function foreignUrls(c: Chain): string[] {
  return [`/projets/${c.projectId}`, `/projets/${c.projectId}/modifier`, `/candidatures/${c.applicationId}`,
    `/pole/dossiers/${c.caseId}`, `/evaluations/${c.caseId}`, `/pole/labels/${c.labelNumber}/certificat`, `/financeur/candidatures/${c.applicationId}`];
}

test('a reviewer and a manager of another pole and an officer of another funder get "not found", never the project', async ({ browser }) => {
  const chain = loadChain();
  // the chain's project targets Aerospace Valley and was funded by Bpifrance
  for (const who of ['reviewer@systematic.test', 'manager@systematic.test', 'officer@anr.test']) {
    const page = await browserOf(browser, who);
    for (const url of foreignUrls(chain)) {
      await page.goto(url);
      await expect(page.getByRole('heading', { level: 1, name: 'Page introuvable' })).toBeVisible();
      await expect(page.getByText(/Drone d’inspection/)).toHaveCount(0);
      await expect(page.getByText(chain.acronym)).toHaveCount(0);
      await expect(page.getByText('Jeune Pousse Aéro')).toHaveCount(0);
    }
    await visit(page, `26-introuvable-${who.split('@')[0]}-${who.split('@')[1].split('.')[0]}`);
    await page.context().close();
  }
});

test('on a phone (390 px) the public pages and the project page fit the screen, the menu opens from the burger', async ({ browser }) => {
  const { email, password, projectId, labelNumber } = loadChain();
  const context = await browser.newContext({ locale: 'fr-FR', timezoneId: 'Europe/Paris', viewport: { width: 390, height: 844 } });
  const page = await context.newPage();
  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1 })).toContainText('poleflow');
  await fitsWidth(page);
  await visit(page, '27-mobile-accueil');
  // the navigation is behind the burger
  await page.getByRole('button', { name: 'Menu' }).click();
  const menu = page.getByRole('dialog', { name: 'Menu' });
  await expect(menu.getByRole('link', { name: 'Pôles' })).toBeVisible();
  await visit(page, '27b-mobile-menu');
  await menu.getByRole('link', { name: 'Pôles' }).click();
  await expect(menu).toHaveCount(0);
  await expect(page.getByRole('heading', { level: 1, name: 'Annuaire des pôles de compétitivité' })).toBeVisible();
  await fitsWidth(page);
  await visit(page, '28-mobile-poles');
  await page.getByRole('link', { name: 'Aerospace Valley' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Aerospace Valley' })).toBeVisible();
  await fitsWidth(page);
  await visit(page, '29-mobile-pole');
  await page.goto('/appels');
  await expect(page.getByRole('heading', { level: 1, name: 'Appels à projets' })).toBeVisible();
  await fitsWidth(page);
  await visit(page, '30-mobile-appels');
  await page.getByRole('link', { name: /PSPC/ }).click();
  await expect(page.getByRole('heading', { name: 'Règles d’éligibilité' })).toBeVisible();
  await fitsWidth(page);
  await visit(page, '31-mobile-appel');
  await page.goto(`/labels/${labelNumber}`);
  await expect(page.getByText('Valide')).toBeVisible();
  await fitsWidth(page);
  await visit(page, '32-mobile-label');
  await signIn(page, email, password);
  await page.goto(`/projets/${projectId}`);
  await expect(page.getByRole('heading', { name: 'Historique' })).toBeVisible();
  await fitsWidth(page);
  await visit(page, '33-mobile-projet');
  await context.close();
});
