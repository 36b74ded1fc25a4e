import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { expect, type Page } from '@playwright/test';

/**
 * The staff journeys are one chain (playwright.config.ts: projects with dependencies): the company submits a
 * project (01), the pole labels it (02), the funder funds it to market (03), the public sees it (04), the admin and
 * the other parties (05).
 * Each step hands the next what it made through this file (apps/web/e2e/artifacts is git-ignored).
 */
export interface Chain {
  stamp: string;
  /** Léa, the project's coordinator (registered in step 01). */
  email: string;
  password: string;
  projectId: string;
  title: string;
  acronym: string;
  /** set by step 02 */
  labelNumber?: string;
  /** set by step 02: the pole's labelling case of the project */
  caseId?: string;
  /** set by step 03 */
  applicationId?: string;
}

const FILE = 'apps/web/e2e/artifacts/chain.json';

export function saveChain(patch: Partial<Chain>): Chain {
  mkdirSync('apps/web/e2e/artifacts', { recursive: true });
  let current: Partial<Chain> = {};
  try { current = JSON.parse(readFileSync(FILE, 'utf8')); } catch { /* first step */ }
  const next = { ...current, ...patch } as Chain;
  writeFileSync(FILE, JSON.stringify(next, null, 2));
  return next;
}

export function loadChain(): Chain {
  return JSON.parse(readFileSync(FILE, 'utf8')) as Chain;
}

/** Signs in through the login page; demo accounts share the demo password. */
export async function signIn(page: Page, email: string, password = 'poleflow-demo-2026'): Promise<void> {
  await page.goto('/connexion');
  await page.getByLabel('Adresse e-mail').fill(email);
  await page.getByLabel('Mot de passe').fill(password);
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await expect(page).not.toHaveURL(/\/connexion/);
}
