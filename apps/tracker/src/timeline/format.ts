/** French grouping with plain spaces, independent of the runtime's ICU data: 1 000 000 €. */
export const euros = (cents: number): string => `${Math.round(cents / 100).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ' ')} €`;

/** A wire key as words: "market_launch" → "market launch", "label_required" → "label required". */
export const words = (key: string): string => key.replace(/_/g, ' ');

/** "Summary: motivation", or the summary alone when there is no motivation. */
export const because = (summary: string, motivation: string): string => (motivation.trim() ? `${summary}: ${motivation.trim()}` : summary);

const MONTHS_FR = ['janvier', 'février', 'mars', 'avril', 'mai', 'juin', 'juillet', 'août', 'septembre', 'octobre', 'novembre', 'décembre'];

/** "6 décembre 2026" (the calendar day in Paris), independent of the runtime's ICU data. */
// One formatter for the process: `toLocaleDateString` with options builds a new one per call (2 % of the tracker's
// CPU in the bench profile).
const PARIS_DAY = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' });

/** [year, month 1–12, day] of the calendar day in Paris. */
export const parisDay = (iso: string): [number, number, number] => PARIS_DAY.format(new Date(iso)).split('-').map(Number) as [number, number, number];

export const dateFr = (iso: string): string => {
  const [y, m, d] = parisDay(iso);
  return `${d} ${MONTHS_FR[m - 1]} ${y}`;
};
