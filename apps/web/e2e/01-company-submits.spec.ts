import { expect, test } from '@playwright/test';
import { saveChain } from './chain';
import { Api, siren, siret, visit } from './helpers';

/*
 * A newcomer's journey through the web application against the real platform: finds Aerospace Valley on the
 * map and in the French search ("aéronautique"), registers, creates its organisation, builds a project: invites
 * one partner found by SIREN, who accepts and later confirms its budget in a second browser context, and a lab by
 * e-mail (it answers through the API), enters the budgets, picks the target pole and submits with the keyboard.
 * Step 01 of the chain (chain.ts): 02 labels the project, 03 funds it to market, 04 checks it in public.
 */
const stamp = Date.now().toString().slice(-8);
/** A first digit for a partner's SIREN that is not Léa's (`stamp`'s): else the same SIREN, for hours at a time. */
const other = (d: string): string => (stamp[0] === d ? String((Number(d) + 5) % 10) : d);
const email = `lea.${stamp}@jeune-pousse.test`;
const PASSWORD = 'correct horse battery staple';

test('a newcomer finds a pole, registers, invites partners who accept and submits a project', async ({ page, browser, baseURL }) => {
  // public pages
  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1 })).toContainText('poleflow');
  await expect(page.locator('html')).toHaveAttribute('lang', 'fr');
  await visit(page, '01-accueil');

  await page.getByRole('link', { name: 'Trouver un pôle' }).click();
  await page.getByRole('button', { name: /^Nouvelle-Aquitaine : \d+ pôles?$/ }).click();
  await expect(page).toHaveURL(/region=Nouvelle-Aquitaine/);
  await expect(page.getByRole('link', { name: 'Aerospace Valley' })).toBeVisible();
  await visit(page, '02-poles-carte');
  await page.getByRole('button', { name: /^Nouvelle-Aquitaine/ }).click();
  // the search understands French: "aéronautique" finds the aeronautics poles by their theme, not the others
  await page.getByRole('searchbox', { name: 'Rechercher un pôle' }).fill('aéronautique');
  await expect(page).toHaveURL(/q=a%C3%A9ronautique/);
  await expect(page.getByRole('link', { name: 'ASTech' })).toBeVisible();
  await expect(page.getByRole('status')).toHaveText(/^\d+ pôles$/);
  await expect(page.getByRole('link', { name: 'Cosmetic Valley' })).toHaveCount(0);
  await expect(page.getByRole('link', { name: 'Systematic Paris-Region' })).toHaveCount(0);
  await expect(page.getByRole('link', { name: 'Aerospace Valley' })).toBeVisible();
  await visit(page, '02b-poles-recherche');
  await page.getByRole('link', { name: 'Aerospace Valley' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Aerospace Valley' })).toBeVisible();
  await visit(page, '03-pole');

  await page.getByRole('link', { name: 'Appels à projets' }).first().click();
  await expect(page.getByRole('heading', { level: 1, name: 'Appels à projets' })).toBeVisible();
  await page.getByRole('link', { name: /PSPC/ }).click();
  await expect(page.getByRole('heading', { name: 'Règles d’éligibilité' })).toBeVisible();
  await visit(page, '04-appel');

  // sign up and organisation
  await page.getByRole('link', { name: 'Créer un compte' }).first().click();
  await page.getByLabel('Nom et prénom').fill('Léa Martin');
  await page.getByLabel('Adresse e-mail').fill(email);
  await page.getByLabel('Mot de passe').fill('court');
  await page.getByRole('button', { name: 'Créer mon compte' }).click();
  await expect(page.getByText('12 caractères au moins.').first()).toBeVisible();
  await page.getByLabel('Mot de passe').fill(PASSWORD);
  await page.getByRole('button', { name: 'Créer mon compte' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Mon organisation' })).toBeVisible();

  await page.getByLabel('Raison sociale').fill('Jeune Pousse Aéro');
  await page.getByRole('textbox', { name: 'SIREN', exact: true }).fill('123456789');
  await page.getByRole('combobox', { name: 'Région' }).click();
  await page.getByRole('option', { name: 'Occitanie' }).click();
  await page.getByLabel('Effectif (ETP)').fill('12');
  await page.getByLabel('Chiffre d’affaires annuel').fill('1500000');
  await page.getByLabel('Total du bilan').fill('900000');
  await page.getByRole('button', { name: 'Enregistrer l’organisation' }).click();
  // the server's refusal, in French, not a raw JSON
  await expect(page.getByRole('alert')).toContainText('SIREN');
  await expect(page.getByRole('textbox', { name: 'SIREN', exact: true })).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByText('"code"')).toHaveCount(0);
  await visit(page, '05-organisation-erreur');
  await page.getByRole('textbox', { name: 'SIREN', exact: true }).fill(siren(stamp));
  await page.getByRole('button', { name: 'Enregistrer l’organisation' }).click();
  await expect(page.getByText(/Catégorie : petite entreprise/)).toBeVisible();
  await expect(page.getByRole('button', { name: /Léa Martin · Jeune Pousse Aéro/ })).toBeVisible();
  // its establishment (SIRET) in Toulouse: the region stays Occitanie (the region the calls' rules read)
  await page.getByRole('textbox', { name: 'SIRET' }).fill(siret(siren(stamp), '0009'));
  await page.getByRole('textbox', { name: 'Adresse', exact: true }).fill('12 allée des Sciences, 31400 Toulouse');
  await page.getByRole('button', { name: 'Ajouter l’établissement' }).click();
  await expect(page.getByRole('cell', { name: '12 allée des Sciences, 31400 Toulouse' })).toBeVisible();
  await expect(page.getByText(/Entreprise · Occitanie/)).toBeVisible();
  await visit(page, '06-organisation');

  // the project, through the steps
  await page.getByRole('link', { name: 'Mes projets' }).click();
  await page.getByRole('link', { name: 'Nouveau projet' }).click();
  await page.getByLabel('Titre du projet').fill('Drone d’inspection des pales d’éoliennes');
  await page.getByLabel('Acronyme').fill(`DRONEO${stamp.slice(-3)}`);
  await page.getByLabel('Résumé').fill('Un drone autonome inspecte les pales et signale les défauts par vision.');
  await page.getByLabel('TRL actuel').fill('4');
  await page.getByLabel('TRL visé').fill('7');
  await page.getByLabel('Date de début').fill('2027-03-01');
  await page.getByLabel('Durée (mois)').fill('24');
  await page.getByRole('button', { name: 'Créer le projet' }).click();
  await expect(page.getByRole('cell', { name: 'Jeune Pousse Aéro', exact: true })).toBeVisible();
  const projectId = page.url().split('/projets/')[1].split('/')[0];

  // the consortium: two organisations already registered (their people do it through the API here)
  const lea = await Api.login(baseURL!, email, PASSWORD);
  const paulEmail = `paul.${stamp}@composites-sud.test`;
  const inesEmail = `ines.${stamp}@labo-materiaux.test`;
  const partners: Record<string, { api: Api; org: { id: string; siren: string } }> = {};
  for (const [who, body] of [
    [paulEmail, { name: 'Composites du Sud', kind: 'company', siren: siren(`${other('4')}${stamp.slice(1)}`), region: 'Nouvelle-Aquitaine', headcount: 40, turnoverCents: 600_000_000, balanceSheetCents: 300_000_000 }],
    [inesEmail, { name: 'Laboratoire des matériaux', kind: 'research_organisation', siren: siren(`${other('1')}${stamp.slice(1)}`), region: 'Occitanie' }],
  ] as const) {
    const anon = new Api(baseURL!);
    await anon.req('POST', '/api/v1/auth/register', { email: who, password: PASSWORD, displayName: who.split('@')[0] });
    const partner = await Api.login(baseURL!, who, PASSWORD);
    const org = (await partner.req('POST', '/api/v1/organisations', body)).body;
    // with this client's Poleflow-Consistency token, submission answers once it knows the new organisation
    await partner.req('GET', '/api/v1/invitations');
    partners[who] = { api: partner, org };
  }

  // Léa invites Composites du Sud found by its SIREN, and the lab by e-mail
  await page.getByRole('searchbox', { name: 'Rechercher une organisation inscrite' }).fill(partners[paulEmail].org.siren);
  await page.getByRole('button', { name: 'Inviter Composites du Sud' }).click();
  await expect(page.getByRole('cell', { name: 'Composites du Sud', exact: true })).toBeVisible();
  await expect(page.getByRole('row', { name: /Composites du Sud.*en attente/ })).toBeVisible();
  // the segmented control with the keyboard (its radios are visually hidden)
  await page.getByRole('radio', { name: 'SIREN ou nom' }).focus();
  await page.keyboard.press('ArrowRight');
  await expect(page.getByRole('radio', { name: 'Adresse e-mail' })).toBeChecked();
  await page.getByLabel('Message à l’invité (facultatif)').fill('Vous apportez les essais matériaux (200 000 €).');
  await page.getByRole('textbox', { name: 'Adresse e-mail' }).fill(inesEmail);
  await page.getByRole('button', { name: 'Envoyer l’invitation' }).click();
  await expect(page.getByRole('row', { name: new RegExp(`${inesEmail.replace(/\./g, '\\.')}.*en attente`) })).toBeVisible();
  await visit(page, '07-projet-invitations');

  // Paul accepts in his own browser (a second context: his own session and cookies)
  const paulContext = await browser.newContext({ locale: 'fr-FR' });
  const paul = await paulContext.newPage();
  await paul.goto('/connexion');
  await paul.getByLabel('Adresse e-mail').fill(paulEmail);
  await paul.getByLabel('Mot de passe').fill(PASSWORD);
  await paul.getByRole('button', { name: 'Se connecter' }).click();
  await paul.getByRole('link', { name: 'Invitations' }).click();
  const acronym = `DRONEO${stamp.slice(-3)}`;
  await expect(paul.getByText(`Jeune Pousse Aéro vous invite à rejoindre le projet ${acronym} comme partenaire.`)).toBeVisible();
  await visit(paul, '07b-partenaire-invitation');
  await paul.getByRole('button', { name: `Accepter l’invitation au projet ${acronym}` }).click();
  await expect(paul.getByText('Invitation acceptée')).toBeVisible();
  // the lab's member accepts the e-mail invitation through the API, for her organisation
  const ines = partners[inesEmail];
  const inv = (await ines.api.req('GET', '/api/v1/invitations')).body.items.find((i: { project: { id: string } }) => i.project.id === projectId);
  await ines.api.req('POST', `/api/v1/invitations/${inv.id}/accept`, { organisationId: ines.org.id });

  await page.reload();
  await expect(page.getByRole('cell', { name: 'Laboratoire des matériaux', exact: true })).toBeVisible();
  await expect(page.getByRole('cell', { name: 'Composites du Sud', exact: true })).toBeVisible();
  await expect(page.getByText('Aucune invitation en attente')).toBeVisible();
  await visit(page, '07c-projet-consortium');
  await page.getByRole('button', { name: 'Continuer' }).click();
  await page.getByLabel('Jeune Pousse Aéro, Recherche industrielle, Personnel').fill('450000');
  await page.getByLabel('Jeune Pousse Aéro, Développement expérimental, Équipements').fill('150000');
  await page.getByLabel('Composites du Sud, Recherche industrielle, Personnel').fill('300000');
  await page.getByLabel('Laboratoire des matériaux, Recherche industrielle, Personnel').fill('200000');
  await expect(page.getByText('Budget total du projet : 1 100 000 €')).toBeVisible();
  await expect(page.getByText(/Plus grande part d’un partenaire : 54,5\s%/)).toBeVisible();
  // the lab's GBER declarations (a research organisation: the companies have none)
  await page.getByRole('radiogroup', { name: 'Laboratoire des matériaux : Le projet relève de son activité non économique' }).getByLabel('Oui').check();
  await page.getByRole('radiogroup', { name: 'Laboratoire des matériaux : Il peut publier ses propres résultats' }).getByLabel('Oui').check();
  await expect(page.getByRole('radiogroup', { name: /Composites du Sud :/ })).toHaveCount(0);
  await visit(page, '08-projet-budgets');
  await page.getByRole('button', { name: 'Enregistrer les budgets' }).click();
  await page.getByRole('searchbox', { name: 'Trouver un pôle' }).fill('aerospace');
  await page.getByRole('button', { name: 'Ajouter Aerospace Valley' }).click();
  await visit(page, '09-projet-poles');
  await page.getByRole('button', { name: 'Enregistrer les pôles' }).click();
  await expect(page.getByText('Il manque encore :')).toBeVisible();
  await expect(page.getByText('au moins une thématique')).toBeVisible();
  await expect(page.getByText(/la confirmation de son budget par chaque partenaire/)).toBeVisible();
  await expect(page.getByText(/en attente de : Composites du Sud, Laboratoire des matériaux/)).toBeVisible();
  await visit(page, '10-projet-verification');

  // the partners confirm the budgets Léa entered: Paul in his browser, the lab through the API
  await paul.reload();
  await expect(paul.getByText(`Budget de Composites du Sud dans ${acronym} : 300 000 €`)).toBeVisible();
  await visit(paul, '10b-partenaire-budget');
  await paul.getByRole('button', { name: `Confirmer notre budget dans ${acronym}` }).click();
  await expect(paul.getByText('Budget confirmé')).toBeVisible();
  await paulContext.close();
  const shared = await ines.api.req('GET', `/api/v1/projects/${projectId}`);
  expect(shared.body.partners.find((x: { organisationId: string }) => x.organisationId === ines.org.id)).toMatchObject({ nonEconomicActivity: true, mayPublish: true });
  await ines.api.req('POST', `/api/v1/projects/${projectId}/partners/${ines.org.id}/confirmation`, undefined, { 'if-match': shared.etag! });

  // add a theme back on step 1, then submit with the keyboard only
  await page.getByRole('button', { name: /Projet/ }).first().click();
  await expect(page.getByLabel('Titre du projet')).toBeVisible();
  // someone changes the project meanwhile: the save answers 412, the page says so and reloads the project
  const before = await lea.req('GET', `/api/v1/projects/${projectId}`);
  await lea.req('PATCH', `/api/v1/projects/${projectId}`, { summary: 'Un drone autonome inspecte les pales (version du collègue).' }, { 'if-match': before.etag! });
  await page.getByRole('button', { name: 'Enregistrer et continuer' }).click();
  await expect(page.getByText(/Quelqu’un a modifié ces informations entre-temps/)).toBeVisible();
  await expect(page.getByLabel('Résumé')).toHaveValue(/version du collègue/);
  await page.getByRole('combobox', { name: 'Thématiques' }).click();
  await page.getByRole('option').first().click();
  await page.keyboard.press('Escape');
  await page.getByRole('button', { name: 'Enregistrer et continuer' }).click();
  await page.goto(page.url().replace(/etape=\d/, 'etape=5'));
  await expect(page.getByText('Le projet est complet')).toBeVisible();
  const submit = page.getByRole('button', { name: 'Soumettre le projet' });
  for (let i = 0; i < 80 && !(await submit.evaluate((el) => el === document.activeElement)); i++) await page.keyboard.press('Tab');
  await expect(submit).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: 'Labellisation' })).toBeVisible();
  await visit(page, '11-projet-soumis');
  saveChain({ stamp, email, password: PASSWORD, projectId, title: 'Drone d’inspection des pales d’éoliennes', acronym });
});
