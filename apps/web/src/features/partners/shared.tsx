import { Badge, Group, List, Stack, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, data, type Schemas } from '../../api/client';

export type Profile = Schemas['ProfileView'];
export type PartnerRequest = Schemas['PartnerRequestView'];
export type Suggestion = Schemas['SuggestionView'];
export type Contact = Schemas['ContactView'];
export type PartnerKind = Profile['partnerKind'];

export const PARTNER_KINDS: PartnerKind[] = ['TPE', 'PME', 'ETI', 'GE', 'lab', 'training'];
export const REGIONS = ['Auvergne-Rhône-Alpes', 'Bourgogne-Franche-Comté', 'Bretagne', 'Centre-Val de Loire', 'Corse', 'Grand Est', 'Hauts-de-France',
  'Île-de-France', 'Normandie', 'Nouvelle-Aquitaine', 'Occitanie', 'Pays de la Loire', "Provence-Alpes-Côte d'Azur", 'Guadeloupe', 'Martinique', 'Guyane', 'La Réunion', 'Mayotte'];
/** themes.fr.json (the API's theme keys). */
export const THEMES: Record<string, { fr: string; en: string }> = {
  'aeronautics-space': { fr: 'Aéronautique et spatial', en: 'Aeronautics and space' },
  'agri-food': { fr: 'Agriculture et agroalimentaire', en: 'Agriculture and food' },
  'automotive-mobility': { fr: 'Automobile et mobilités', en: 'Automotive and mobility' },
  bioeconomy: { fr: 'Bioéconomie', en: 'Bioeconomy' },
  'chemistry-materials': { fr: 'Chimie et matériaux', en: 'Chemistry and materials' },
  'construction-infrastructure': { fr: 'Bâtiment et infrastructures', en: 'Construction and infrastructure' },
  cosmetics: { fr: 'Cosmétique et parfumerie', en: 'Cosmetics and perfume' },
  'digital-electronics': { fr: 'Numérique et électronique', en: 'Digital and electronics' },
  energy: { fr: 'Énergie', en: 'Energy' },
  environment: { fr: 'Environnement', en: 'Environment' },
  equine: { fr: 'Filière équine', en: 'Equine' },
  finance: { fr: 'Finance', en: 'Finance' },
  'health-biotech': { fr: 'Santé et biotechnologies', en: 'Health and biotech' },
  maritime: { fr: 'Mer et économie maritime', en: 'Maritime' },
  'mechanics-manufacturing': { fr: 'Mécanique et production industrielle', en: 'Mechanics and manufacturing' },
  nuclear: { fr: 'Nucléaire', en: 'Nuclear' },
  'optics-photonics': { fr: 'Optique et photonique', en: 'Optics and photonics' },
  'security-defence': { fr: 'Sécurité et défense', en: 'Security and defence' },
  textile: { fr: 'Textile', en: 'Textile' },
  water: { fr: 'Eau', en: 'Water' },
  'wood-forest': { fr: 'Bois et forêt', en: 'Wood and forest' },
};

export function useThemeOptions() {
  const { i18n } = useTranslation();
  const lang = i18n.language === 'en' ? 'en' : 'fr';
  return Object.entries(THEMES).map(([value, l]) => ({ value, label: l[lang] }));
}

/** The active memberships of the caller's organisations (pole and name), for posting a request. */
export function useMyPoles() {
  return useQuery({
    queryKey: ['memberships', 'mine'],
    queryFn: async () => {
      const r = (await data(api.GET('/api/v1/memberships', { params: { query: { status: 'active' } } } as never))) as unknown as Schemas['MembershipView'][];
      return r.filter((m) => m.status === 'active');
    },
  });
}

/** One suggestion's reasons, in the page's language. */
export function Reasons({ s }: { s: Suggestion }) {
  const { t, i18n } = useTranslation();
  return (
    <Stack gap={4}>
      <Text size="sm" fw={600}>{t('partners.suggestions.why')}</Text>
      <List size="sm" spacing={2}>
        {s.reasons.map((r) => <List.Item key={r.code}>{i18n.language === 'en' ? r.en : r.fr}</List.Item>)}
      </List>
    </Stack>
  );
}

export function KindBadge({ kind }: { kind: PartnerKind }) {
  const { t } = useTranslation();
  return <Badge variant="light" color={kind === 'lab' || kind === 'training' ? 'grape' : 'indigo'}>{t(`partners.kind.${kind}`)}</Badge>;
}

export function ThemeList({ themes }: { themes: string[] }) {
  const { i18n } = useTranslation();
  const lang = i18n.language === 'en' ? 'en' : 'fr';
  return <Group gap={4}>{themes.map((k) => <Badge key={k} variant="outline" color="gray">{THEMES[k]?.[lang] ?? k}</Badge>)}</Group>;
}
