import { withLanguage } from './bilingual-view.js';

describe('withLanguage: a view\'s {fr, en} texts in the reader\'s language', () => {
  const view = {
    id: 'a', at: new Date('2026-12-06T00:00:00Z'),
    rules: [{ type: 'label_required', reason: { fr: 'label valide', en: 'valid label' } }, { type: 'x', reason: { fr: 'a', en: 'b' }, reasonText: 'kept' }],
    nested: { title: { fr: 'Titre', en: 'Title' }, other: { fr: 'f', en: 'e', extra: 1 } },
  };

  it('adds xText beside each pair at any depth, keeping the pair, the dates and the keys that exist', () => {
    expect(withLanguage(view, 'en')).toEqual({
      ...view,
      rules: [{ ...view.rules[0], reasonText: 'valid label' }, view.rules[1]],
      nested: { title: { fr: 'Titre', en: 'Title' }, titleText: 'Title', other: { fr: 'f', en: 'e', extra: 1 } },
    });
    expect(withLanguage(view, 'fr').rules[0]).toEqual({ ...view.rules[0], reasonText: 'label valide' });
    expect(withLanguage(view, 'fr').at).toBeInstanceOf(Date);
    expect(withLanguage(null, 'fr')).toBeNull();
  });
});
