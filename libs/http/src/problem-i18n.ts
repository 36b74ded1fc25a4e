import { DomainError } from '@poleflow/domain';
import { FIELD_MESSAGES_FR, PROBLEM_MESSAGES, TITLES_FR, type Lang } from './problem-messages.js';
import { ValidationProblem, type Problem } from './problem.js';

export type { Lang } from './problem-messages.js';

/**
 * The language of the answer from `Accept-Language`: the client's preferred of French and English (q-values
 * honoured), French when it names neither or sends nothing.
 */
export function languageOf(header: string | string[] | undefined): Lang {
  const raw = Array.isArray(header) ? header.join(',') : header ?? '';
  const ranked = raw.split(',').map((part, i) => {
    const [tag, ...params] = part.trim().toLowerCase().split(';');
    const q = Number(params.map((p) => p.trim()).find((p) => p.startsWith('q='))?.slice(2) ?? '1');
    return { lang: tag.split('-')[0], q: Number.isFinite(q) ? q : 0, i };
  }).filter((x) => x.q > 0).sort((a, b) => b.q - a.q || a.i - b.i);
  const found = ranked.find((x) => x.lang === 'fr' || x.lang === 'en');
  return (found?.lang as Lang | undefined) ?? 'fr';
}

// Field errors of these codes are about one field whose message the catalogue says well.
const FIELD_CODES = new Set(['INVALID_SIREN', 'INVALID_SIRET', 'SIRET_SIREN_MISMATCH']);

const GENERIC_FR: Record<number, string> = { 400: 'La requête est invalide.', 401: 'Connectez-vous pour continuer.', 403: "Vous n'avez pas le droit de faire cette action.", 404: 'Ressource introuvable.', 409: 'Cette action est en conflit avec l’état actuel.', 422: 'La demande ne peut pas être traitée.' };

/**
 * The problem in the user's language, with the same stable `code`. English keeps the service's own message
 * (it names the partner, the date, the amount); French takes the catalogue's sentence for the code, French
 * titles, and French field messages for the validation pipe's constraints.
 */
export function localiseProblem(p: Problem, lang: Lang, err?: unknown): Problem {
  if (lang === 'en') return p;
  const out: Problem = {
    ...p,
    title: TITLES_FR[p.status] ?? 'Erreur',
    detail: PROBLEM_MESSAGES[p.code]?.fr ?? GENERIC_FR[p.status] ?? (p.status >= 500 ? PROBLEM_MESSAGES.INTERNAL.fr : 'La demande a échoué.'),
  };
  if (p.errors && err instanceof ValidationProblem) {
    out.errors = p.errors.map((e, i) => ({ path: e.path, message: FIELD_MESSAGES_FR[err.constraints[i] ?? ''] ?? e.message }));
  } else if (p.errors && err instanceof DomainError && FIELD_CODES.has(p.code)) {
    out.errors = p.errors.map((e) => ({ path: e.path, message: PROBLEM_MESSAGES[p.code].fr }));
  }
  return out;
}
