import { expect, test } from '@playwright/test';
import { signIn } from './chain';
import { Api, until, visit } from './helpers';

/*
 * Matchmaking (issue 15 §2-§3), its own journey on the demo accounts: Composites du Sud (a demo member of
 * Aerospace Valley) reads the requests of the network, completes its profile, posts a "partner wanted" request for
 * a lab and gets suggestions with their reasons (the ONERA lab first); it asks the lab for a contact. The lab's
 * member is notified, accepts and writes; the company answers and invites the lab into its draft project.
 */
test.describe.serial('matchmaking', () => {
  const stamp = Date.now().toString(36);
  const title = `Inspection des pièces composites ${stamp}`;
  const acronym = `INSP${stamp.slice(-4).toUpperCase()}`;

  test('a member posts a partner request and contacts the lab suggested first', async ({ page, baseURL }) => {
    // a draft project of Composites du Sud, to invite the lab into at the end
    const bruno = await Api.login(baseURL!, 'bruno@composites.test');
    const me = (await bruno.req('GET', '/api/v1/me')).body;
    const org = me.affiliations.find((a: { kind: string }) => a.kind === 'organisation').targetId as string;
    const poles = (await bruno.req('GET', '/api/v1/poles?q=aerospace%20valley')).body.items;
    await bruno.req('POST', '/api/v1/projects', {
      acronym, title: 'Contrôle des panneaux composites', summary: 'Inspection automatique des panneaux composites en production.', themes: ['aeronautics-space'], keywords: ['composites'],
      trlStart: 3, trlTarget: 6, startDate: new Date(Date.now() + 200 * 86_400_000).toISOString().slice(0, 10), durationMonths: 24, coordinatorOrganisationId: org, poleIds: [poles[0].id],
    }, { 'idempotency-key': crypto.randomUUID() });

    await signIn(page, 'bruno@composites.test');
    await page.getByRole('link', { name: 'Partenaires' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Trouver des partenaires' })).toBeVisible();
    // the ONERA lab's request to every pole's members (demo data)
    await expect(page.getByRole('link', { name: 'Panneaux composites instrumentés pour essais de fatigue' })).toBeVisible();
    await visit(page, '40-partenaires');

    await page.getByRole('link', { name: 'Profil de mon organisation' }).click();
    await expect(page.getByLabel('Ce que fait votre organisation')).toHaveValue(/composites thermoplastiques/);
    await page.getByLabel('Ville').fill('Mérignac');
    await page.getByRole('button', { name: 'Enregistrer le profil' }).click();
    await expect(page.getByText('Profil enregistré.')).toBeVisible();
    await visit(page, '41-profil-organisation');

    await page.goto('/partenaires');
    await page.getByRole('link', { name: 'Publier une recherche' }).click();
    await page.getByLabel('Titre de la recherche').fill(title);
    await page.getByLabel('Idée de projet').fill('Détecter automatiquement les délaminages de nos panneaux composites en sortie de drapage.');
    await page.getByLabel('Compétence recherchée').fill('Un laboratoire en contrôle non destructif et en vision par ordinateur pour inspecter des structures composites.');
    await page.getByRole('combobox', { name: 'Type de partenaire recherché' }).fill('Labo');
    await page.getByRole('option', { name: 'Laboratoire de recherche' }).click();
    await page.keyboard.press('Escape');
    await page.getByRole('combobox', { name: /^Régions recherchées/ }).fill('Occit');
    await page.getByRole('option', { name: 'Occitanie' }).click();
    await page.keyboard.press('Escape');
    await visit(page, '42-publier-recherche');
    await page.getByRole('button', { name: 'Publier la recherche' }).click();
    await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();

    // suggestions ranked with their reasons: the ONERA lab first
    const first = page.getByRole('article').first();
    await expect(first.getByRole('heading', { name: 'Laboratoire ONERA Toulouse' })).toBeVisible();
    await expect(first.getByText("C'est le type de partenaire recherché (laboratoire de recherche)")).toBeVisible();
    await expect(first.getByText('Implanté dans une région recherchée (Occitanie)')).toBeVisible();
    await expect(first.getByText(/^Son profil correspond à votre besoin : .*contrôle non destructif/)).toBeVisible();
    await visit(page, '43-suggestions');
    await page.getByRole('button', { name: 'Demander une mise en relation avec Laboratoire ONERA Toulouse' }).click();
    await page.getByLabel('Votre message à Laboratoire ONERA Toulouse').fill('Bonjour, votre expertise en contrôle non destructif nous intéresse pour un projet collaboratif.');
    await page.getByRole('button', { name: 'Envoyer la demande' }).click();
    await expect(page.getByText('Demande envoyée : les membres de Laboratoire ONERA Toulouse sont prévenus.')).toBeVisible();
    await expect(first.getByText('Demande envoyée')).toBeVisible();
  });

  test('the lab is notified, accepts and writes', async ({ page }) => {
    await signIn(page, 'chloe@onera.test');
    await until(async () => {
      await page.goto('/notifications');
      return page.getByText(`Composites du Sud souhaite entrer en relation avec Laboratoire ONERA Toulouse (recherche « ${title} »)`).first().isVisible();
    }, 'the notification of the contact request');
    await page.getByRole('link', { name: 'Partenaires' }).click();
    await page.getByRole('link', { name: 'Mises en relation' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Mises en relation' })).toBeVisible();
    await visit(page, '44-mises-en-relation');
    await page.getByRole('button', { name: 'Accepter la demande de Composites du Sud' }).first().click();
    await expect(page.getByText('Mise en relation acceptée : vous pouvez échanger par messages.')).toBeVisible();
    await page.getByRole('link', { name: 'Composites du Sud souhaite entrer en relation' }).first().click();
    await page.getByLabel('Votre message').fill('Avec plaisir : nous avons un tomographe pour ce type de pièces. Échangeons mardi ?');
    await page.getByRole('button', { name: 'Envoyer le message' }).click();
    await expect(page.getByText('Avec plaisir : nous avons un tomographe pour ce type de pièces. Échangeons mardi ?')).toBeVisible();
  });

  test('the company answers and invites the lab into its draft project', async ({ page }) => {
    await signIn(page, 'bruno@composites.test');
    await page.goto('/partenaires/contacts');
    await page.getByRole('link', { name: 'Demande à Laboratoire ONERA Toulouse' }).first().click();
    await expect(page.getByRole('heading', { level: 1, name: 'Avec Laboratoire ONERA Toulouse' })).toBeVisible();
    await expect(page.getByText('Échangeons mardi ?', { exact: false })).toBeVisible();
    await page.getByLabel('Votre message').fill('Parfait, mardi 10 h. Nous vous invitons dans le projet.');
    await page.getByRole('button', { name: 'Envoyer le message' }).click();
    await expect(page.getByText('Parfait, mardi 10 h. Nous vous invitons dans le projet.')).toBeVisible();
    await page.getByRole('combobox', { name: 'Projet' }).click();
    await page.getByRole('option', { name: new RegExp(`^${acronym}`) }).click();
    await page.getByRole('button', { name: 'Envoyer l’invitation' }).click();
    await expect(page.getByText('Invitation envoyée à Laboratoire ONERA Toulouse.')).toBeVisible();
    await visit(page, '45-messages');

    // suggestions for the draft: what its consortium lacks (a lab) first
    await page.goto('/partenaires/projets');
    await expect(page.getByRole('heading', { level: 1, name: 'Suggestions pour un projet en préparation' })).toBeVisible();
    await expect(page.getByRole('article').first()).toBeVisible();
    await visit(page, '46-suggestions-projet');
  });
});
