import { DomainError } from '@poleflow/domain';
import { languageOf, localiseProblem } from './problem-i18n.js';
import { PROBLEM_MESSAGES } from './problem-messages.js';
import { toProblem, ValidationProblem } from './problem.js';

describe('problem details in the user language', () => {
  it.each<[string | undefined, 'fr' | 'en']>([
    [undefined, 'fr'], ['', 'fr'], ['fr-FR,fr;q=0.9', 'fr'], ['en', 'en'], ['en-GB,en;q=0.9,fr;q=0.8', 'en'], ['fr;q=0.5,en;q=0.9', 'en'],
    ['de-DE,de;q=0.9', 'fr'], ['de,en;q=0.7', 'en'], ['en;q=0,fr;q=0.1', 'fr'], ['*', 'fr'],
  ])('Accept-Language %j → %s', (header, lang) => {
    expect(languageOf(header)).toBe(lang);
  });

  it('French by default: title, detail and field errors from the catalogue, the same code; English keeps the specific message', () => {
    const err = new DomainError('INVALID_SIREN', '"732829321" is not a valid SIREN (9 digits, Luhn key)', 400, { errors: [{ path: 'siren', message: '"732829321" is not a valid SIREN' }] });
    expect(localiseProblem(toProblem(err), 'fr', err)).toMatchObject({
      code: 'INVALID_SIREN', status: 400, title: 'Requête invalide', detail: "Ce SIREN n'est pas valide (9 chiffres et une clé de contrôle).",
      errors: [{ path: 'siren', message: "Ce SIREN n'est pas valide (9 chiffres et une clé de contrôle)." }],
    });
    expect(localiseProblem(toProblem(err), 'en', err)).toMatchObject({
      code: 'INVALID_SIREN', title: 'Bad Request', detail: '"732829321" is not a valid SIREN (9 digits, Luhn key)', errors: [{ path: 'siren', message: '"732829321" is not a valid SIREN' }],
    });
  });

  it('translates the validation pipe per constraint, keeping paths; an unknown code gets a French sentence for its status', () => {
    const err = new ValidationProblem([{ path: 'region', message: 'region must be one of the following values: …' }, { path: 'extra', message: 'property extra should not exist' }], ['isIn', 'whitelistValidation']);
    expect(localiseProblem(toProblem(err), 'fr', err).errors).toEqual([{ path: 'region', message: "n'est pas une valeur autorisée" }, { path: 'extra', message: "ce champ n'est pas attendu" }]);
    const unknown = new DomainError('SOMETHING_NEW', 'english only', 409);
    expect(localiseProblem(toProblem(unknown), 'fr', unknown)).toMatchObject({ code: 'SOMETHING_NEW', title: 'Conflit', detail: 'Cette action est en conflit avec l’état actuel.' });
  });

  it('has a French and an English sentence for every code of the catalogue', () => {
    for (const [code, m] of Object.entries(PROBLEM_MESSAGES)) {
      expect([code, m.fr.length > 0 && m.en.length > 0]).toEqual([code, true]);
    }
  });
});
