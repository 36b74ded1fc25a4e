import { expect, test } from '@playwright/test';
import { signIn } from './chain';
import { Api, until, visit } from './helpers';

/*
 * Pole membership (issue 15 §1), its own journey (no dependency on the chain): AéroLab applies to Aerospace Valley,
 * the pole's manager accepts it and records the fee as paid, AéroLab sees its membership and its fee, then the
 * member directory shows contacts to members and hides them from an anonymous visitor. The demo seed makes
 * Composites du Sud and the ONERA lab members already.
 */
test.describe.serial('membership of a pole', () => {
  let poleId = '';

  test.beforeAll(async ({ baseURL }) => {
    const anonymous = new Api(baseURL!);
    poleId = (await anonymous.req('GET', '/api/v1/poles/aerospace-valley')).body.id;
    // A second run on the same database: AéroLab leaves first, so that it can apply again.
    const alice = await Api.login(baseURL!, 'alice@aerolab.test');
    const live = (await alice.req('GET', '/api/v1/memberships')).body.filter((m: { poleId: string; status: string }) => m.poleId === poleId && ['applied', 'active'].includes(m.status));
    for (const m of live) await alice.req('POST', `/api/v1/memberships/${m.id}/leave`, {});
    // The demo members reached the network service (seeded from directory's events at start-up).
    await until(async () => (await anonymous.req('GET', `/api/v1/poles/${poleId}/members`)).body.members.length >= 2, 'the demo members');
  });

  test('a company applies to a pole', async ({ page }) => {
    await signIn(page, 'alice@aerolab.test');
    await page.getByRole('link', { name: 'Adhésions' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Adhésions aux pôles' })).toBeVisible();
    await page.getByRole('combobox', { name: 'Pôle', exact: true }).click();
    await page.getByRole('option', { name: 'Aerospace Valley' }).click();
    await expect(page.getByRole('table', { name: 'Grille des cotisations de Aerospace Valley' })).toContainText('900 €');
    await page.getByLabel('Ville (annuaire des adhérents)').fill('Toulouse');
    await page.getByRole('textbox', { name: 'Contact : téléphone' }).fill('+33 5 61 00 00 01');
    await page.getByLabel('Message au pôle').fill('AéroLab conçoit des drones d’inspection.');
    await page.getByRole('button', { name: 'Demander l’adhésion' }).click();
    await expect(page.getByText('Votre demande d’adhésion a été envoyée à Aerospace Valley.')).toBeVisible();
    const card = page.getByRole('region', { name: 'Aerospace Valley' });
    await expect(card.getByText('Demande en cours')).toBeVisible();
    await visit(page, '30-adhesion-demandee');
  });

  test('the pole manager accepts it and records the fee as paid', async ({ page }) => {
    await signIn(page, 'manager@aerospace-valley.test');
    await page.getByRole('link', { name: 'Adhérents', exact: true }).click();
    await expect(page.getByRole('heading', { level: 1, name: /Adhérents du pôle/ })).toBeVisible();
    await page.getByRole('button', { name: 'Accepter AéroLab SAS' }).click();
    await expect(page.getByText('AéroLab SAS est adhérent du pôle.')).toBeVisible();
    await page.getByRole('button', { name: 'Marquer la cotisation de AéroLab SAS comme payée' }).click();
    await expect(page.getByText('Cotisation de AéroLab SAS payée.')).toBeVisible();
    const members = page.getByRole('region', { name: 'Adhérents', exact: true });
    await expect(members.getByRole('row', { name: /AéroLab SAS/ })).toContainText('Payée');
    // The dashboard counts the three members (Composites du Sud, ONERA, AéroLab).
    await expect(page.getByRole('region', { name: 'Tableau de bord' })).toContainText('3');
    await visit(page, '31-adhesions-pole');
  });

  test('the company sees its membership and its fee; members see contacts in the directory', async ({ page }) => {
    await signIn(page, 'alice@aerolab.test');
    await page.goto('/adhesions');
    const card = page.getByRole('region', { name: 'Aerospace Valley' });
    await expect(card.getByText('Adhérent', { exact: true })).toBeVisible();
    await expect(card.getByRole('cell', { name: '900 €' })).toBeVisible();
    await visit(page, '32-mes-adhesions');
    await card.getByRole('link', { name: 'Voir l’annuaire des adhérents' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Adhérents de Aerospace Valley' })).toBeVisible();
    await expect(page.getByText('Vous voyez les coordonnées des adhérents')).toBeVisible();
    await expect(page.getByRole('row', { name: /Composites du Sud/ })).toContainText('bruno@composites.test');
    await visit(page, '33-annuaire-adherents-membre');
  });

  test('an anonymous visitor sees the member count and public facts, never contacts', async ({ page }) => {
    await page.goto('/poles?q=aerospace');
    await expect(page.getByText('3 adhérents').first()).toBeVisible();
    await page.goto(`/poles/${poleId}`);
    await page.getByRole('link', { name: 'Voir l’annuaire des adhérents' }).click();
    await expect(page.getByRole('row', { name: /Composites du Sud/ })).toContainText('Bordeaux');
    await expect(page.getByText('Les coordonnées des adhérents sont réservées')).toBeVisible();
    await expect(page.getByText('bruno@composites.test')).toHaveCount(0);
    await visit(page, '34-annuaire-adherents-public');
  });
});
