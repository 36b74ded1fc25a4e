import type { Lang } from './problem-messages.js';

/** A `{fr, en}` pair of strings (and nothing else): a text the domain wrote in both languages. */
const isBilingual = (v: unknown): v is { fr: string; en: string } => {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return false;
  const keys = Object.keys(v);
  return keys.length === 2 && typeof (v as Record<string, unknown>).fr === 'string' && typeof (v as Record<string, unknown>).en === 'string';
};

/**
 * A view's bilingual texts in the reader's language, the structure kept: beside every `key: {fr, en}` (at any
 * depth) comes `keyText`, the string in `lang` (languageOf(Accept-Language): French by default). Clients that read
 * `reason.fr` keep working; a client that shows one language reads `reasonText`.
 */
export function withLanguage<T>(value: T, lang: Lang): T {
  if (Array.isArray(value)) return value.map((v) => withLanguage(v, lang)) as T;
  if (value === null || typeof value !== 'object' || value instanceof Date) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    out[k] = isBilingual(v) ? v : withLanguage(v, lang);
    if (isBilingual(v) && !(`${k}Text` in (value as object))) out[`${k}Text`] = v[lang];
  }
  return out as T;
}
