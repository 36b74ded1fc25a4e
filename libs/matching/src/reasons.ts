import type { PartnerKind } from './kinds.js';

/*
 * Why an organisation is suggested: stable reason codes with parameters, and their French and English
 * wording. Pages show the text; API clients may rely on the codes.
 */
export type Reason =
  | { code: 'KEYWORDS'; terms: string[] }
  | { code: 'THEMES'; themes: string[] }
  | { code: 'KIND_SOUGHT'; kind: PartnerKind }
  | { code: 'COMPLEMENTARY_KIND'; kind: PartnerKind }
  | { code: 'COMPLEMENTARY_SIZE'; kind: PartnerKind }
  | { code: 'REGION_SOUGHT'; region: string }
  | { code: 'SAME_REGION'; region: string }
  | { code: 'EQUIPMENT'; equipment: string[] }
  | { code: 'EARLIER_COLLABORATION'; projects: string[] };

export type ReasonCode = Reason['code'];
export type Lang = 'fr' | 'en';

const KIND_FR: Record<PartnerKind, string> = { TPE: 'très petite entreprise', PME: 'PME', ETI: 'entreprise de taille intermédiaire', GE: 'grande entreprise', lab: 'laboratoire de recherche', training: 'organisme de formation' };
const KIND_EN: Record<PartnerKind, string> = { TPE: 'micro-enterprise', PME: 'SME', ETI: 'mid-sized company', GE: 'large company', lab: 'research organisation', training: 'training body' };

const list = (xs: string[], lang: Lang): string => {
  if (xs.length <= 1) return xs.join('');
  return `${xs.slice(0, -1).join(', ')} ${lang === 'fr' ? 'et' : 'and'} ${xs[xs.length - 1]}`;
};

/** One sentence for one reason; `themeLabel` turns a theme key into its label in the language (keys otherwise). */
export function reasonText(r: Reason, lang: Lang, themeLabel: (key: string) => string = (k) => k): string {
  const fr = lang === 'fr';
  const kind = (k: PartnerKind) => (fr ? KIND_FR : KIND_EN)[k];
  switch (r.code) {
    case 'KEYWORDS':
      return fr ? `Son profil correspond à votre besoin : ${list(r.terms, lang)}` : `Its profile matches your need: ${list(r.terms, lang)}`;
    case 'THEMES':
      return fr ? `Thèmes en commun : ${list(r.themes.map(themeLabel), lang)}` : `Shared themes: ${list(r.themes.map(themeLabel), lang)}`;
    case 'KIND_SOUGHT':
      return fr ? `C'est le type de partenaire recherché (${kind(r.kind)})` : `It is the kind of partner sought (${kind(r.kind)})`;
    case 'COMPLEMENTARY_KIND':
      return fr ? `Un ${kind(r.kind)} complète votre consortium` : `A ${kind(r.kind)} complements your consortium`;
    case 'COMPLEMENTARY_SIZE':
      return fr ? `Sa taille complète la vôtre (${kind(r.kind)})` : `Its size complements yours (${kind(r.kind)})`;
    case 'REGION_SOUGHT':
      return fr ? `Implanté dans une région recherchée (${r.region})` : `Located in a region sought (${r.region})`;
    case 'SAME_REGION':
      return fr ? `Implanté dans votre région (${r.region})` : `Located in your region (${r.region})`;
    case 'EQUIPMENT':
      return fr ? `Équipements utiles : ${list(r.equipment, lang)}` : `Useful equipment: ${list(r.equipment, lang)}`;
    case 'EARLIER_COLLABORATION':
      return fr
        ? `Vous avez déjà travaillé ensemble sur la plateforme (${list(r.projects, lang)})`
        : `You have already worked together on the platform (${list(r.projects, lang)})`;
  }
}
