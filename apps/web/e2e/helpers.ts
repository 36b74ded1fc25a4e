import AxeBuilder from '@axe-core/playwright';
import { expect, type Locator, type Page } from '@playwright/test';

/** A valid SIREN (Luhn) from 8 digits. */
export function siren(prefix8: string): string {
  for (let k = 0; k < 10; k++) {
    const s = `${prefix8}${k}`;
    const sum = [...s].reverse().reduce((n, d, i) => { let x = Number(d) * (i % 2 ? 2 : 1); if (x > 9) x -= 9; return n + x; }, 0);
    if (sum % 10 === 0) return s;
  }
  throw new Error('no key');
}

/** A valid SIRET (Luhn) of a SIREN: its 4 first NIC digits, the key found. */
export function siret(siren9: string, nic4: string): string {
  for (let k = 0; k < 10; k++) {
    const s = `${siren9}${nic4}${k}`;
    const sum = [...s].reverse().reduce((n, d, i) => { let x = Number(d) * (i % 2 ? 2 : 1); if (x > 9) x -= 9; return n + x; }, 0);
    if (sum % 10 === 0) return s;
  }
  throw new Error('no key');
}

/** Presses Tab until the element has the focus (bounded): the keyboard path to a control. */
export async function tabTo(page: Page, target: Locator, max = 80): Promise<void> {
  for (let i = 0; i < max && !(await target.evaluate((el) => el === document.activeElement).catch(() => false)); i++) await page.keyboard.press('Tab');
  await expect(target).toBeFocused();
}

/** No horizontal scroll at the viewport's width (a phone: 390 px). */
export async function fitsWidth(page: Page, width = 390): Promise<void> {
  const scrollWidth = await page.evaluate(() => document.scrollingElement!.scrollWidth);
  expect(scrollWidth, `${page.url()} scrolls sideways`).toBeLessThanOrEqual(width);
}

/** axe on the page as it is: no serious or critical violation. */
export async function checkA11y(page: Page, name: string): Promise<void> {
  const results = await new AxeBuilder({ page: page as never }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(bad.map((v) => `${name}: ${v.id} (${v.impact}) ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(' | ')}`)).toEqual([]);
}

/** Full-page screenshot kept as a test artifact (apps/web/e2e/artifacts), after axe. */
export async function visit(page: Page, name: string): Promise<void> {
  await page.waitForLoadState('networkidle');
  // a drawer or a modal still fading in would be measured half-transparent by axe's contrast check
  await page.waitForFunction(() => document.getAnimations().every((a) => a.playState !== 'running' || a.effect?.getTiming().iterations === Infinity));
  await checkA11y(page, name);
  await page.screenshot({ path: `apps/web/e2e/artifacts/${name}.png`, fullPage: true });
}

/**
 * The API through the gateway, for what other kinds of users do in the journey (part 2 gives them pages). Like
 * the web client, it sends back the last `Poleflow-Consistency` token it received (read-your-writes).
 */
export class Api {
  private consistency = '';
  constructor(readonly base: string, private token = '') {}
  static async login(base: string, email: string, password = 'poleflow-demo-2026'): Promise<Api> {
    const a = new Api(base);
    const r = await a.req('POST', '/api/v1/auth/login', { email, password });
    a.token = r.body.accessToken;
    return a;
  }
  async req(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: any; etag: string | null }> { // eslint-disable-line @typescript-eslint/no-explicit-any
    const res = await fetch(`${this.base}${path}`, {
      method,
      headers: {
        'content-type': 'application/json', ...(this.token ? { authorization: `Bearer ${this.token}` } : {}),
        ...(this.consistency ? { 'poleflow-consistency': this.consistency } : {}), ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    this.consistency = res.headers.get('poleflow-consistency') ?? this.consistency;
    const text = await res.text();
    const parsed = text ? JSON.parse(text) : null;
    if (res.status >= 400) throw new Error(`${method} ${path}: ${res.status} ${text}`);
    return { status: res.status, body: parsed, etag: res.headers.get('etag') };
  }
}

/** Polls until `fn` returns a value (bounded): the platform is asynchronous between services. */
export async function until<T>(fn: () => Promise<T | undefined | null | false>, what: string, ms = 60_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn().catch(() => undefined);
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}
