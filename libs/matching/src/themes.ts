/** The themes vocabulary of poles and profiles (/work/shared/domain/themes.fr.json): key → French label. */
export const THEMES_FR = {
  'aeronautics-space': 'Aéronautique et spatial',
  'agri-food': 'Agriculture et agroalimentaire',
  'automotive-mobility': 'Automobile et mobilités',
  bioeconomy: 'Bioéconomie',
  'chemistry-materials': 'Chimie et matériaux',
  'construction-infrastructure': 'Bâtiment et infrastructures',
  cosmetics: 'Cosmétique et parfumerie',
  'digital-electronics': 'Numérique et électronique',
  energy: 'Énergie',
  environment: 'Environnement',
  equine: 'Filière équine',
  finance: 'Finance',
  'health-biotech': 'Santé et biotechnologies',
  maritime: 'Mer et économie maritime',
  'mechanics-manufacturing': 'Mécanique et production industrielle',
  nuclear: 'Nucléaire',
  'optics-photonics': 'Optique et photonique',
  'security-defence': 'Sécurité et défense',
  textile: 'Textile',
  water: 'Eau',
  'wood-forest': 'Bois et forêt',
} as const;
export type ThemeKey = keyof typeof THEMES_FR;
export const THEME_KEYS = Object.keys(THEMES_FR) as ThemeKey[];
