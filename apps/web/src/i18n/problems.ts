import { PROBLEM_CATALOGUE, type Message, type ProblemCode as ApiProblemCode } from '../../../../libs/http/src/problem-messages';

/**
 * Every problem `code` the API answers, with its message in French and English. The single source is the
 * server's catalogue (libs/http/src/problem-messages.ts, a data-only file the bundle imports), so a page and an
 * API answer say the same sentence; problem-codes.spec.ts fails when a service throws a code the catalogue
 * lacks. Only what the browser alone knows is added here, and the one case where the page does more than the
 * server says (a 412: the page reloads itself).
 */
const BROWSER = {
  NETWORK_ERROR: { fr: 'Le serveur ne répond pas. Vérifiez votre connexion puis réessayez.', en: 'The server does not answer. Check your connection and try again.' },
  ERROR: { fr: 'Une erreur est survenue. Réessayez dans un instant.', en: 'Something went wrong. Try again in a moment.' },
} satisfies Record<string, Message>;

const PAGE_WORDING: Partial<Record<ApiProblemCode, Message>> = {
  PRECONDITION_FAILED: { fr: 'Quelqu’un a modifié ces informations entre-temps. La page a été rechargée : vérifiez puis recommencez.', en: 'Someone changed this meanwhile. The page was reloaded: check, then try again.' },
};

export type ProblemCode = ApiProblemCode | keyof typeof BROWSER;
export type ProblemMessages = Record<ProblemCode, string>;

const ALL: Record<ProblemCode, Message> = { ...PROBLEM_CATALOGUE, ...PAGE_WORDING, ...BROWSER } as Record<ProblemCode, Message>;
export const PROBLEM_CODES = Object.keys(ALL) as ProblemCode[];

const pick = (lang: 'fr' | 'en'): ProblemMessages => Object.fromEntries(PROBLEM_CODES.map((c) => [c, ALL[c][lang]])) as ProblemMessages;
export const problemsFr: ProblemMessages = pick('fr');
export const problemsEn: ProblemMessages = pick('en');

const KNOWN = new Set<string>(PROBLEM_CODES);
export const isProblemCode = (c: string): c is ProblemCode => KNOWN.has(c);
