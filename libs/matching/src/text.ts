/*
 * French text normalisation, compatible with what PostgreSQL does in the service: `f_unaccent` (the
 * unaccent dictionary) then the `french` text-search configuration's parser, which lower-cases and splits
 * on non-letters. Stemming (Snowball) stays in PostgreSQL: the ranking's text part runs there
 * (sql.ts). This side folds and tokenises for display and bounds: which of a profile's keywords a page
 * highlights, how many words a request may carry.
 */

/** The unaccent dictionary's effect on French text plus lower case: "Éolien en mer" → "eolien en mer"; œ → oe, æ → ae. */
export const foldFrench = (s: string): string =>
  s.normalize('NFD').replace(/\p{M}/gu, '').replace(/œ/g, 'oe').replace(/Œ/g, 'OE').replace(/æ/g, 'ae').replace(/Æ/g, 'AE').toLowerCase();

/** PostgreSQL's `french` stop words (snowball french.stop) that survive unaccenting and appear in profiles. */
export const FRENCH_STOP_WORDS: ReadonlySet<string> = new Set(
  ('au aux avec ce ces dans de des du elle en et eux il je la le les leur lui ma mais me meme mes moi mon ne nos notre nous on ou par pas pour qu que qui sa se ses son sur ta te tes toi ton tu un une vos votre vous c d j l a m n s t y ete etee etees etes etant suis es est sommes sont serai sera serons seront serais serait etais etait etions etaient fus fut furent sois soit soyons soient ai as avons avez ont aurai aura aurons auront avais avait avions avaient eu eue eus eut eurent ceci cela celui celle ceux celles cet cette') .split(' '),
);

/** The words of a text as the `french` parser sees them, folded, without stop words or one-letter tokens. */
export function frenchWords(s: string): string[] {
  return foldFrench(s)
    .split(/[^a-z0-9]+/)
    .filter((w) => w.length > 1 && !FRENCH_STOP_WORDS.has(w));
}
