import type { Envelope, EventPayload, EventType } from '@poleflow/contracts';
import { dateFr, euros, parisDay } from '../timeline/format.js';

export const LANGUAGES = ['fr', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

/** One e-mail's text in one language: a subject, one sentence to act on, the web page it links to (a path). */
export interface Message { subject: string; line: string; path: string }
export interface Rendered { subject: string; text: string; html: string; link: string }

const MILESTONE: Record<string, { fr: string; en: string }> = {
  proof_of_concept: { fr: 'la preuve de concept', en: 'the proof of concept' },
  prototype: { fr: 'le prototype', en: 'the prototype' },
  industrialisation: { fr: "l'industrialisation", en: 'the industrialisation' },
  market_launch: { fr: 'la mise sur le marché', en: 'the market launch' },
};

const MONTHS_EN = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const dateEn = (iso: string): string => {
  const [y, m, d] = parisDay(iso);
  return `${d} ${MONTHS_EN[m - 1]} ${y}`;
};
const eurosEn = (cents: number): string => `€${Math.round(cents / 100).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',')}`;

/** `paths`: a page per audience kind where it differs (a pole's managers handle memberships on their own page). */
type Texts = { fr: Omit<Message, 'path'>; en: Omit<Message, 'path'>; path: string; paths?: Partial<Record<string, string>> };
const P = <T extends EventType>(e: Envelope, _t: T) => e.payload as EventPayload<T>;
const project = (id: string) => `/projets/${id}`;
const contact = (id: string) => `/partenaires/contacts/${id}`;
const MEMBERSHIP_PATHS = { path: '/adhesions', paths: { pole: '/pole/adhesions' } };
const supportPage = (id: string) => `/accompagnement/${id}`;
const AREA: Record<string, { fr: string; en: string }> = {
  private_financing: { fr: 'financement privé', en: 'private financing' }, international: { fr: 'international', en: 'international' },
  industrial_property: { fr: 'propriété industrielle', en: 'industrial property' }, human_resources: { fr: 'ressources humaines', en: 'human resources' },
  other: { fr: 'autre', en: 'other' },
};
// Names are optional in older events: a neutral word stands in, never an id.
const poleFr = (n?: string) => n ?? 'le pôle';
const poleEn = (n?: string) => n ?? 'the pole';
const subj = (s: string | undefined, fr: boolean) => (s ? (fr ? ` « ${s} »` : ` "${s}"`) : '');

/** The e-mail an event's notification becomes, per language (null: the event sends none). Web paths only. */
export function messageOf(e: Envelope): Texts | null {
  switch (e.type as EventType) {
    case 'account.registration_attempted':
      return {
        path: '/notifications',
        fr: { subject: 'Sécurité : tentative de création de compte avec votre adresse', line: "Quelqu'un a tenté de créer un compte poleflow avec votre adresse e-mail. Si c'était vous, connectez-vous ; sinon, aucune action n'est nécessaire." },
        en: { subject: 'Security: an attempt to register with your address', line: 'Someone tried to create a poleflow account with your e-mail address. If it was you, sign in; otherwise, nothing needs doing.' },
      };
    case 'network.contact_requested': {
      const p = P(e, 'network.contact_requested');
      const about = p.partnerRequestTitle ? { fr: ` au sujet de « ${p.partnerRequestTitle} »`, en: ` about "${p.partnerRequestTitle}"` } : { fr: '', en: '' };
      return {
        path: contact(p.contactId),
        fr: { subject: `${p.fromOrganisationName} souhaite entrer en relation avec vous`, line: `${p.fromOrganisationName} souhaite entrer en relation avec ${p.toOrganisationName}${about.fr} : acceptez ou déclinez sa demande.` },
        en: { subject: `${p.fromOrganisationName} would like to get in touch`, line: `${p.fromOrganisationName} would like to get in touch with ${p.toOrganisationName}${about.en}: accept or decline.` },
      };
    }
    case 'network.contact_answered': {
      const p = P(e, 'network.contact_answered');
      return {
        path: contact(p.contactId),
        fr: p.accepted
          ? { subject: `${p.toOrganisationName} a accepté votre demande`, line: `${p.toOrganisationName} a accepté votre demande de mise en relation : vous pouvez échanger par messages.` }
          : { subject: `${p.toOrganisationName} a décliné votre demande`, line: `${p.toOrganisationName} a décliné votre demande de mise en relation.` },
        en: p.accepted
          ? { subject: `${p.toOrganisationName} accepted your request`, line: `${p.toOrganisationName} accepted your contact request: you can now exchange messages.` }
          : { subject: `${p.toOrganisationName} declined your request`, line: `${p.toOrganisationName} declined your contact request.` },
      };
    }
    case 'network.contact_message_posted': {
      const p = P(e, 'network.contact_message_posted');
      return {
        path: contact(p.contactId),
        fr: { subject: `Nouveau message de ${p.fromOrganisationName}`, line: `${p.fromOrganisationName} vous a écrit sur poleflow.` },
        en: { subject: `New message from ${p.fromOrganisationName}`, line: `${p.fromOrganisationName} wrote to you on poleflow.` },
      };
    }
    case 'membership.applied': {
      const p = P(e, 'membership.applied');
      return {
        ...MEMBERSHIP_PATHS,
        fr: { subject: `Demande d'adhésion de ${p.organisationName}`, line: `${p.organisationName} demande à adhérer à ${poleFr(p.poleName)} : acceptez ou refusez sa demande.` },
        en: { subject: `Membership application from ${p.organisationName}`, line: `${p.organisationName} applies to join ${poleEn(p.poleName)}: accept or refuse the application.` },
      };
    }
    case 'membership.accepted': {
      const p = P(e, 'membership.accepted');
      return {
        ...MEMBERSHIP_PATHS,
        fr: { subject: `Adhésion à ${poleFr(p.poleName)} acceptée`, line: `L'adhésion de ${p.organisationName} à ${poleFr(p.poleName)} est acceptée : cotisation de ${euros(p.feeCents)} pour l'année jusqu'au ${dateFr(p.endsOn)}.` },
        en: { subject: `Membership of ${poleEn(p.poleName)} accepted`, line: `${p.organisationName}'s membership of ${poleEn(p.poleName)} is accepted: a fee of ${eurosEn(p.feeCents)} for the year to ${dateEn(p.endsOn)}.` },
      };
    }
    case 'membership.refused': {
      const p = P(e, 'membership.refused');
      return {
        ...MEMBERSHIP_PATHS,
        fr: { subject: `Adhésion à ${poleFr(p.poleName)} refusée`, line: `${poleFr(p.poleName)} a refusé l'adhésion de ${p.organisationName} : ${p.reason}` },
        en: { subject: `Membership of ${poleEn(p.poleName)} refused`, line: `${poleEn(p.poleName)} refused ${p.organisationName}'s membership: ${p.reason}` },
      };
    }
    case 'membership.renewal_due': {
      const p = P(e, 'membership.renewal_due');
      const fee = p.feeCents === undefined ? { fr: '', en: '' } : { fr: ` (cotisation de ${euros(p.feeCents)})`, en: ` (a fee of ${eurosEn(p.feeCents)})` };
      return {
        ...MEMBERSHIP_PATHS,
        fr: { subject: `Renouvellement de votre adhésion à ${poleFr(p.poleName)}`, line: `L'adhésion de ${p.organisationName} à ${poleFr(p.poleName)} prend fin le ${dateFr(p.endsOn)} : renouvelez-la${fee.fr}.` },
        en: { subject: `Renew your membership of ${poleEn(p.poleName)}`, line: `${p.organisationName}'s membership of ${poleEn(p.poleName)} ends on ${dateEn(p.endsOn)}: renew it${fee.en}.` },
      };
    }
    case 'membership.lapsed': {
      const p = P(e, 'membership.lapsed');
      return {
        ...MEMBERSHIP_PATHS,
        fr: { subject: `Adhésion de ${p.organisationName} expirée`, line: `L'adhésion de ${p.organisationName} à ${poleFr(p.poleName)} a expiré le ${dateFr(p.endsOn)} sans être renouvelée.` },
        en: { subject: `${p.organisationName}'s membership lapsed`, line: `${p.organisationName}'s membership of ${poleEn(p.poleName)} lapsed on ${dateEn(p.endsOn)} without renewal.` },
      };
    }
    case 'membership.left': {
      const p = P(e, 'membership.left');
      return {
        ...MEMBERSHIP_PATHS,
        fr: { subject: `${p.organisationName} quitte ${poleFr(p.poleName)}`, line: `${p.organisationName} a mis fin à son adhésion à ${poleFr(p.poleName)}${p.reason ? ` : ${p.reason}` : '.'}` },
        en: { subject: `${p.organisationName} leaves ${poleEn(p.poleName)}`, line: `${p.organisationName} ended its membership of ${poleEn(p.poleName)}${p.reason ? `: ${p.reason}` : '.'}` },
      };
    }
    case 'support_request.opened': {
      const p = P(e, 'support_request.opened');
      const who = { fr: p.organisationName ?? 'Un adhérent', en: p.organisationName ?? 'A member' };
      return {
        path: supportPage(p.supportRequestId),
        fr: { subject: `Demande d'accompagnement de ${who.fr}`, line: `${who.fr} demande un accompagnement (${AREA[p.area].fr})${subj(p.subject, true)} : prenez la demande avant le ${dateFr(p.dueOn)}.` },
        en: { subject: `Support request from ${who.en}`, line: `${who.en} asks for support (${AREA[p.area].en})${subj(p.subject, false)}: take it by ${dateEn(p.dueOn)}.` },
      };
    }
    case 'support_request.taken':
    case 'support_request.answered':
    case 'support_request.more_info_requested':
    case 'support_request.closed': {
      const p = P(e, 'support_request.answered');
      const t = { fr: subj(p.subject, true), en: subj(p.subject, false) };
      const texts = {
        'support_request.taken': {
          fr: { subject: `Votre demande d'accompagnement est prise en charge`, line: `${poleFr(p.poleName)} a pris en charge votre demande d'accompagnement${t.fr}.` },
          en: { subject: 'Your support request was taken', line: `${poleEn(p.poleName)} took your support request${t.en}.` },
        },
        'support_request.answered': {
          fr: { subject: `Réponse à votre demande d'accompagnement`, line: `${poleFr(p.poleName)} a répondu à votre demande d'accompagnement${t.fr}.` },
          en: { subject: 'An answer to your support request', line: `${poleEn(p.poleName)} answered your support request${t.en}.` },
        },
        'support_request.more_info_requested': {
          fr: { subject: 'Précisions demandées sur votre demande', line: `${poleFr(p.poleName)} demande des précisions sur votre demande d'accompagnement${t.fr} : répondez-lui.` },
          en: { subject: 'More information asked about your request', line: `${poleEn(p.poleName)} asks for more information about your support request${t.en}: reply.` },
        },
        'support_request.closed': {
          fr: { subject: `Demande d'accompagnement close`, line: `${poleFr(p.poleName)} a clos votre demande d'accompagnement${t.fr}.` },
          en: { subject: 'Support request closed', line: `${poleEn(p.poleName)} closed your support request${t.en}.` },
        },
      }[e.type as 'support_request.taken'];
      return { path: supportPage(p.supportRequestId), ...texts };
    }
    case 'support_request.replied':
    case 'support_request.due_soon':
    case 'support_request.overdue': {
      const p = P(e, 'support_request.overdue');
      const who = { fr: p.organisationName ?? 'Un adhérent', en: p.organisationName ?? 'A member' };
      const t = { fr: subj(p.subject, true), en: subj(p.subject, false) };
      const texts = e.type === 'support_request.replied'
        ? {
          fr: { subject: `${who.fr} a répondu`, line: `${who.fr} a répondu sur sa demande d'accompagnement${t.fr}.` },
          en: { subject: `${who.en} replied`, line: `${who.en} replied on its support request${t.en}.` },
        }
        : e.type === 'support_request.due_soon'
          ? {
            fr: { subject: `Rappel : demande d'accompagnement de ${who.fr}`, line: `La demande d'accompagnement de ${who.fr}${t.fr} est attendue le ${dateFr(p.dueOn)}.` },
            en: { subject: `Reminder: support request from ${who.en}`, line: `The support request from ${who.en}${t.en} is due on ${dateEn(p.dueOn)}.` },
          }
          : {
            fr: { subject: `En retard : demande d'accompagnement de ${who.fr}`, line: `La demande d'accompagnement de ${who.fr}${t.fr} était attendue le ${dateFr(p.dueOn)}.` },
            en: { subject: `Overdue: support request from ${who.en}`, line: `The support request from ${who.en}${t.en} was due on ${dateEn(p.dueOn)}.` },
          };
      return { path: supportPage(p.supportRequestId), ...texts };
    }
    case 'labelling.reviewer_assigned':
    case 'labelling.reviewer_reminded': {
      const p = P(e, 'labelling.reviewer_assigned');
      const reminder = e.type === 'labelling.reviewer_reminded';
      return {
        path: project(p.projectId),
        fr: { subject: `${reminder ? 'Rappel : ' : ''}expertise à rendre pour ${p.poleName}`, line: `${reminder ? 'Rappel : votre' : 'Une'} expertise pour ${p.poleName} (tour ${p.round}) est attendue au plus tard le ${dateFr(p.dueAt)}.` },
        en: { subject: `${reminder ? 'Reminder: ' : ''}a review for ${p.poleName}`, line: `${reminder ? 'Reminder: your' : 'A'} review for ${p.poleName} (round ${p.round}) is due by ${dateEn(p.dueAt)}.` },
      };
    }
    case 'labelling.case_opened': {
      const p = P(e, 'labelling.case_opened');
      return {
        path: project(p.projectId),
        fr: { subject: `${p.acronym} : recevabilité à vérifier`, line: `Le projet ${p.acronym} (tour ${p.round}) attend la vérification de sa recevabilité.` },
        en: { subject: `${p.acronym}: admissibility to check`, line: `Project ${p.acronym} (round ${p.round}) awaits its admissibility check.` },
      };
    }
    case 'labelling.quorum_reached': {
      const p = P(e, 'labelling.quorum_reached');
      return {
        path: project(p.projectId),
        fr: { subject: 'Expertises reçues : le comité peut décider', line: `Les ${p.reviewCount} expertises sont arrivées : le comité de ${p.poleName} peut décider.` },
        en: { subject: 'Reviews in: the committee may decide', line: `All ${p.reviewCount} reviews are in: ${p.poleName}'s committee may decide.` },
      };
    }
    case 'label.revision_requested': {
      const p = P(e, 'label.revision_requested');
      const n = p.requestedChanges.length;
      return {
        path: project(p.projectId),
        fr: { subject: `${p.poleName} demande des modifications`, line: `${p.poleName} demande ${n} modification${n > 1 ? 's' : ''} avant de labelliser : modifiez le projet puis soumettez-le de nouveau.` },
        en: { subject: `${p.poleName} asks for changes`, line: `${p.poleName} asks for ${n} change${n > 1 ? 's' : ''} before labelling: amend the project and resubmit it.` },
      };
    }
    case 'partner.invited': {
      const p = P(e, 'partner.invited');
      const who = p.coordinatorName || 'Un coordinateur';
      return {
        path: '/notifications',
        fr: { subject: `Invitation au consortium ${p.acronym}`, line: `${who} vous invite à rejoindre le consortium du projet ${p.acronym} : acceptez ou déclinez.` },
        en: { subject: `Invitation to the ${p.acronym} consortium`, line: `${p.coordinatorName || 'A coordinator'} invites you to join the consortium of project ${p.acronym}: accept or decline.` },
      };
    }
    case 'partner.accepted':
    case 'partner.declined': {
      const p = P(e, 'partner.declined');
      const ok = e.type === 'partner.accepted';
      return {
        path: project(p.projectId),
        fr: ok
          ? { subject: `${p.acronym} : un partenaire a rejoint le consortium`, line: `${p.organisationName ?? 'La personne invitée'} a rejoint le consortium de ${p.acronym} : renseignez ou faites confirmer son budget.` }
          : { subject: `${p.acronym} : invitation déclinée`, line: `${p.organisationName ?? 'La personne invitée'} a décliné l'invitation à rejoindre ${p.acronym}.` },
        en: ok
          ? { subject: `${p.acronym}: a partner joined the consortium`, line: `${p.organisationName ?? 'The invitee'} joined the consortium of ${p.acronym}: fill in or have them confirm their budget.` }
          : { subject: `${p.acronym}: invitation declined`, line: `${p.organisationName ?? 'The invitee'} declined the invitation to join ${p.acronym}.` },
      };
    }
    case 'milestones.plan_created': {
      const p = P(e, 'milestones.plan_created');
      const first = p.milestones[0];
      return {
        path: project(p.projectId),
        fr: { subject: `Plan de jalons de ${p.funderName}`, line: `${p.funderName} a établi le plan de jalons : d'abord ${MILESTONE[first.key].fr}, au plus tard le ${dateFr(first.dueAt)}.` },
        en: { subject: `Milestone plan from ${p.funderName}`, line: `${p.funderName} set the milestone plan: first ${MILESTONE[first.key].en}, by ${dateEn(first.dueAt)}.` },
      };
    }
    case 'milestone.reported': {
      const p = P(e, 'milestone.reported');
      return {
        path: project(p.projectId),
        fr: { subject: 'Rapport de jalon à examiner', line: `Le rapport sur ${MILESTONE[p.key].fr} (TRL ${p.trlReached}) attend votre examen.` },
        en: { subject: 'A milestone report to review', line: `The report on ${MILESTONE[p.key].en} (TRL ${p.trlReached}) awaits your review.` },
      };
    }
    case 'milestone.rejected': {
      const p = P(e, 'milestone.rejected');
      return {
        path: project(p.projectId),
        fr: { subject: `${p.funderName} a renvoyé un rapport de jalon`, line: `${p.funderName} a renvoyé le rapport sur ${MILESTONE[p.key].fr} : ${p.comment}` },
        en: { subject: `${p.funderName} sent back a milestone report`, line: `${p.funderName} sent back the report on ${MILESTONE[p.key].en}: ${p.comment}` },
      };
    }
    case 'milestone.overdue': {
      const p = P(e, 'milestone.overdue');
      return {
        path: project(p.projectId),
        fr: { subject: 'Jalon en retard', line: `Le rapport sur ${MILESTONE[p.key].fr} était attendu le ${dateFr(p.dueAt)}${p.escalated ? ' (signalé au financeur)' : ''} : déposez-le.` },
        en: { subject: 'Milestone overdue', line: `The report on ${MILESTONE[p.key].en} was due on ${dateEn(p.dueAt)}${p.escalated ? ' (escalated to the funder)' : ''}: submit it.` },
      };
    }
    case 'tranche.released': {
      const p = P(e, 'tranche.released');
      return {
        path: project(p.projectId),
        fr: { subject: `Versement de ${euros(p.totalCents)}`, line: `${p.funderName} a versé ${euros(p.totalCents)} pour ${MILESTONE[p.key].fr}.` },
        en: { subject: `Payment of ${eurosEn(p.totalCents)}`, line: `${p.funderName} released ${eurosEn(p.totalCents)} for ${MILESTONE[p.key].en}.` },
      };
    }
    default:
      return null;
  }
}

const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const FRAME = {
  fr: { colon: ' : ', hello: (n: string) => `Bonjour ${n},`, open: 'Ouvrir dans poleflow', footer: 'Vous recevez ce message parce que vous utilisez poleflow. Vos préférences : ', digest: (n: number) => `poleflow : votre résumé du jour (${n} notification${n > 1 ? 's' : ''})` },
  en: { colon: ': ', hello: (n: string) => `Hello ${n},`, open: 'Open in poleflow', footer: 'You receive this message because you use poleflow. Your preferences: ', digest: (n: number) => `poleflow: your daily digest (${n} notification${n > 1 ? 's' : ''})` },
} as const;

/** Plain text and simple HTML around lines that each link to a web page. */
function compose(lang: Language, name: string, subject: string, items: { line: string; link: string }[], base: string): Omit<Rendered, 'link'> {
  const f = FRAME[lang];
  const prefs = `${base}/notifications`;
  const text = [f.hello(name), '', ...items.flatMap((i) => [i.line, `${f.open}${f.colon}${i.link}`, '']), `${f.footer}${prefs}`].join('\n');
  const html = `<!doctype html><html lang="${lang}"><body style="font-family:sans-serif">`
    + `<p>${escapeHtml(f.hello(name))}</p>`
    + items.map((i) => `<p>${escapeHtml(i.line)}<br><a href="${escapeHtml(i.link)}">${escapeHtml(f.open)}</a></p>`).join('')
    + `<p style="color:#666;font-size:small">${escapeHtml(f.footer)}<a href="${escapeHtml(prefs)}">${escapeHtml(prefs)}</a></p></body></html>`;
  return { subject, text, html };
}

/** One notification's e-mail in the recipient's language. */
export function renderOne(t: Texts, lang: Language, name: string, base: string, audienceKind?: string): Rendered {
  const m = t[lang];
  const link = `${base}${(audienceKind && t.paths?.[audienceKind]) || t.path}`;
  return { ...compose(lang, name, m.subject, [{ line: m.line, link }], base), link };
}

/** The daily digest: the subjects and links of the day's e-mails, one line each. */
export function renderDigest(items: { subject: string; link: string }[], lang: Language, name: string, base: string): Rendered {
  return { ...compose(lang, name, FRAME[lang].digest(items.length), items.map((i) => ({ line: i.subject, link: i.link })), base), link: `${base}/notifications` };
}
