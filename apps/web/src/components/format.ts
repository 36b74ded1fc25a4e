import i18n from '../i18n';

const locale = (): string => (i18n.language === 'en' ? 'en-GB' : 'fr-FR');

/** `1 890 000 €`: whole euros, never cents. */
export const euros = (cents: number | null | undefined): string =>
  cents == null ? '—' : new Intl.NumberFormat(locale(), { style: 'currency', currency: 'EUR', maximumFractionDigits: 0 }).format(Math.round(cents / 100));

/** `6 décembre 2026`, in Europe/Paris. */
export const date = (iso: string | null | undefined): string =>
  iso ? new Intl.DateTimeFormat(locale(), { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Europe/Paris' }).format(new Date(iso)) : '—';

export const dateTime = (iso: string | null | undefined): string =>
  iso ? new Intl.DateTimeFormat(locale(), { day: 'numeric', month: 'long', year: 'numeric', hour: '2-digit', minute: '2-digit', timeZone: 'Europe/Paris' }).format(new Date(iso)) : '—';

/** `50 %` (a ratio 0–1 or a percentage when `isPct`). */
export const percent = (v: number | null | undefined, isPct = true): string =>
  v == null ? '—' : new Intl.NumberFormat(locale(), { style: 'percent', maximumFractionDigits: 1 }).format(isPct ? v / 100 : v);

export const bps = (v: number | null | undefined): string => (v == null ? '—' : percent(v / 100));

/** Lower case without accents, for search as you type. */
export const fold = (s: string): string => s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase();
