import PDFDocument from 'pdfkit';
import type { LabelCertificateDetail } from './label.view.js';

const MONTHS = ['janvier', 'février', 'mars', 'avril', 'mai', 'juin', 'juillet', 'août', 'septembre', 'octobre', 'novembre', 'décembre'];

/** `6 décembre 2026`, `1er mars 2028` (the date part of an ISO date or instant, in Europe/Paris). */
export function frenchDate(iso: string): string {
  const day = iso.length === 10 ? iso : new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' }).format(new Date(iso));
  const [y, m, d] = day.split('-').map(Number);
  return `${d === 1 ? '1er' : d} ${MONTHS[m - 1]} ${y}`;
}

const ROLE = { coordinator: 'chef de file', partner: 'partenaire' } as const;
const KIND: Record<string, string> = { company: 'entreprise', research_organisation: 'organisme de recherche', training_organisation: 'organisme de formation', other: 'autre' };
const STATUS = { active: 'valide', revoked: 'retiré', expired: 'expiré' } as const;

/**
 * The printable label certificate as a PDF (A4, the standard Helvetica font, French): number, project,
 * consortium, pole, dates, conditions and how to verify it. Uncompressed text so that a reader (and a test)
 * finds the number in the bytes.
 */
export function certificatePdf(c: LabelCertificateDetail, origin: string): Promise<Buffer> {
  const doc = new PDFDocument({ size: 'A4', margin: 56, compress: false, info: { Title: `Certificat de label ${c.number}`, Author: c.pole.name, Subject: `${c.project.acronym} — ${c.project.title}` } });
  const chunks: Buffer[] = [];
  doc.on('data', (b: Buffer) => chunks.push(b));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const heading = (t: string) => doc.moveDown(0.8).font('Helvetica-Bold').fontSize(12).fillColor('#1e2a78').text(t).fillColor('black').font('Helvetica').fontSize(11).moveDown(0.2);
  doc.font('Helvetica').fontSize(10).fillColor('#444').text(c.pole.name.toUpperCase(), { characterSpacing: 1 });
  doc.moveDown(0.5).font('Helvetica-Bold').fontSize(22).fillColor('#1e2a78').text('Certificat de labellisation');
  doc.moveDown(0.2).fontSize(16).fillColor('black').text(`Label n° ${c.number}`);
  doc.moveDown(0.3).font('Helvetica').fontSize(11).text(`Statut : ${STATUS[c.status]}${c.revokedAt ? ` (retiré le ${frenchDate(c.revokedAt)})` : ''}`);
  heading('Projet');
  doc.text(`${c.project.acronym} — ${c.project.title}`);
  heading('Pôle de compétitivité');
  doc.text(`${c.pole.name} (${c.lead ? 'pôle chef de file' : 'co-labellisation'})`);
  heading('Consortium');
  for (const p of c.consortium) {
    doc.text(`• ${p.name} — ${ROLE[p.role]}, ${KIND[p.kind] ?? p.kind}${p.categoryFr ? ` (${p.categoryFr})` : ''}, ${p.region}`);
  }
  heading('Dates');
  doc.text(`Délivré le ${frenchDate(c.grantedAt)} ; valable jusqu’au ${frenchDate(c.validUntil)} inclus.`);
  if (c.callRef) doc.text(`Appel à projets visé : ${c.callRef}`);
  heading('Conditions');
  if (c.conditions.length) for (const x of c.conditions) doc.text(`• ${x}`);
  else doc.text('Aucune condition.');
  heading('Vérifier ce label');
  doc.text(`Tout financeur peut vérifier ce label, sans compte, à l’adresse ${origin}${c.verifyPath} ou sur la page « Vérifier un label » de poleflow avec le numéro ${c.number}.`);
  doc.moveDown(2).fontSize(9).fillColor('#444').text(`Document émis par poleflow pour ${c.pole.name}. Le statut en ligne fait foi (un label peut être retiré ou expirer).`);
  doc.end();
  return done;
}
