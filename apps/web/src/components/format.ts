import i18n from '../i18n';

const locale = (): string => (i18n.language === 'en' ? 'en-GB' : 'fr-FR');

/** `1 890 000 €`: whole euros, never cents. */
export const euros = (cents: number | null | undefined): string =>
  cents == null ? '—' : new Intl.NumberFormat(locale(), { style: 'currency', currency: 'EUR', maximumFractionDigits: 0 }).format(Math.round(cents / 100));

/** `6 décembre 2026`, `1er mars 2028`, in Europe/Paris. */
export const date = (iso: string | null | undefined): string => {
  if (!iso) return '—';
  const s = new Intl.DateTimeFormat(locale(), { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Europe/Paris' }).format(new Date(iso));
  return locale() === 'fr-FR' ? s.replace(/^1 /, '1er ') : s;
};

/** A server's sentence made for people: ISO dates written out, known ids replaced by names. */
export const humanise = (text: string, names: Map<string, string>): string =>
  text
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi, (id) => names.get(id) ?? '')
    .replace(/\b(\d{4}-\d{2}-\d{2})\b/g, (d) => date(`${d}T12:00:00Z`))
    .replace(/\s{2,}/g, ' ');

export const dateTime = (iso: string | null | undefined): string =>
  iso ? new Intl.DateTimeFormat(locale(), { day: 'numeric', month: 'long', year: 'numeric', hour: '2-digit', minute: '2-digit', timeZone: 'Europe/Paris' }).format(new Date(iso)) : '—';

/** `50 %` (a ratio 0–1 or a percentage when `isPct`). */
export const percent = (v: number | null | undefined, isPct = true): string =>
  v == null ? '—' : new Intl.NumberFormat(locale(), { style: 'percent', maximumFractionDigits: 1 }).format(isPct ? v / 100 : v);

export const bps = (v: number | null | undefined): string => (v == null ? '—' : percent(v / 100));

/** Lower case without accents, for search as you type. */
export const fold = (s: string): string => s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase();
