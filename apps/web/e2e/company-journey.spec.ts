import { expect, test } from '@playwright/test';
import { Api, siren, until, visit } from './helpers';

/*
 * A newcomer's journey through the web application against the real platform: finds Aerospace Valley on the
 * map and in the French search ("aéronautique"), registers, creates its organisation, builds a project: invites
 * one partner found by SIREN, who accepts and later confirms its budget in a second browser context, and a lab by
 * e-mail (it answers through the API), enters the budgets, picks the target pole and submits with the keyboard; the poles decide through the API; the project page shows the label; the public
 * label check shows it; an unknown number says so.
 */
const stamp = Date.now().toString().slice(-8);
const email = `lea.${stamp}@jeune-pousse.test`;
const PASSWORD = 'correct horse battery staple';

test('a newcomer finds a pole, registers, invites partners who accept, submits a project and reads its label', async ({ page, browser, baseURL }) => {
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
    [paulEmail, { name: 'Composites du Sud', kind: 'company', siren: siren(`4${stamp.slice(1)}`), region: 'Nouvelle-Aquitaine', headcount: 40, turnoverCents: 600_000_000, balanceSheetCents: 300_000_000 }],
    [inesEmail, { name: 'Laboratoire des matériaux', kind: 'research_organisation', siren: siren(`1${stamp.slice(1)}`), region: 'Occitanie' }],
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
  await visit(page, '08-projet-budgets');
  await page.getByRole('button', { name: 'Enregistrer les budgets' }).click();
  await page.getByRole('searchbox', { name: 'Trouver un pôle' }).fill('aerospace');
  await page.getByRole('button', { name: 'Ajouter Aerospace Valley' }).click();
  await visit(page, '09-projet-poles');
  await page.getByRole('button', { name: 'Enregistrer les pôles' }).click();
  await expect(page.getByText('Il manque encore :')).toBeVisible();
  await expect(page.getByText('au moins une thématique')).toBeVisible();
  await expect(page.getByText(/la confirmation de son budget par chaque partenaire/)).toBeVisible();
  await visit(page, '10-projet-verification');

  // the partners confirm the budgets Léa entered: Paul in his browser, the lab through the API
  await paul.reload();
  await expect(paul.getByText(`Budget de Composites du Sud dans ${acronym} : 300 000 €`)).toBeVisible();
  await visit(paul, '10b-partenaire-budget');
  await paul.getByRole('button', { name: `Confirmer notre budget dans ${acronym}` }).click();
  await expect(paul.getByText('Budget confirmé')).toBeVisible();
  await paulContext.close();
  const shared = await ines.api.req('GET', `/api/v1/projects/${projectId}`);
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
  const label = await until(async () => {
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
