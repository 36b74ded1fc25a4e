/**
 * Size class for the scheme rates: companies by EU size (micro/small → small; large, unknown or
 * missing size → large, the conservative class: an ETI is a large enterprise for the GBER);
 * research organisations and training bodies → research_organisation; any other kind → large.
 */
export const sizeClassOf = (p: { kind: string; sizeEu: string | null }): 'small' | 'medium' | 'large' | 'research_organisation' => {
  if (p.kind === 'research_organisation' || p.kind === 'training_body') return 'research_organisation';
  if (p.kind !== 'company') return 'large';
  switch (p.sizeEu) {
    case 'micro':
    case 'small':
      return 'small';
    case 'medium':
      return 'medium';
    default:
      return 'large';
  }
};
