/** French grouping with plain spaces, independent of the runtime's ICU data: 1 000 000 €. */
export const euros = (cents: number): string => `${Math.round(cents / 100).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ' ')} €`;

/** A wire key as words: "market_launch" → "market launch", "label_required" → "label required". */
export const words = (key: string): string => key.replace(/_/g, ' ');

/** "Summary: motivation", or the summary alone when there is no motivation. */
export const because = (summary: string, motivation: string): string => (motivation.trim() ? `${summary}: ${motivation.trim()}` : summary);
