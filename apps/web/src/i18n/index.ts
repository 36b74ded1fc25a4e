import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import { fr } from './fr';
import { en } from './en';
import { problemsEn, problemsFr } from './problems';
import { poleEn, poleFr } from './pole';
import { adminEn, adminFr } from './admin';
import { networkEn, networkFr } from './network';
import { partnersEn, partnersFr } from './partners';
import { funderEn, funderFr } from './funder';
import { session } from '../app/session';

const STORED = 'poleflow.lang';
const initial = (() => {
  try { return localStorage.getItem(STORED) === 'en' ? 'en' : 'fr'; } catch { return 'fr'; }
})();

void i18n.use(initReactI18next).init({
  lng: initial,
  fallbackLng: 'fr',
  resources: { fr: { translation: { ...fr, ...adminFr, ...poleFr, ...networkFr, ...partnersFr, ...funderFr, problem: problemsFr } }, en: { translation: { ...en, ...adminEn, ...poleEn, ...networkEn, ...partnersEn, ...funderEn, problem: problemsEn } } },
  interpolation: { escapeValue: false },
});
session.setLanguage(initial);
document.documentElement.lang = initial;

export function setLanguage(lng: 'fr' | 'en'): void {
  void i18n.changeLanguage(lng);
  session.setLanguage(lng);
  document.documentElement.lang = lng;
  try { localStorage.setItem(STORED, lng); } catch { /* private mode */ }
}

export default i18n;
