import { spawn, type ChildProcess } from 'node:child_process';
import pg from 'pg';

/*
 * The built apps (dist/, as `npm start` runs them) as separate processes, a steady submission load, and the
 * reconciliation of every accepted submission against the read models. Used by the PostgreSQL-restart e2e test
 * and by `npm run faults` (infra/faults.mjs imports this file directly: plain erasable TypeScript, no local imports).
 */

export const DATA_APPS = ['directory', 'submission', 'labelling', 'funding', 'milestones', 'tracker', 'network'] as const;
export type DataApp = (typeof DATA_APPS)[number];
export const DEMO_PASSWORD = 'poleflow-demo-2026';

const NODE = process.execPath.includes('node_modules') ? process.execPath : 'node_modules/.bin/node';

export interface AppsOptions {
  databaseUrl: string;
  redisUrl: string;
  prefix: string;
  ports: Record<DataApp, number>;
  keys: { publicKey: string; privateKey: string };
  env?: Record<string, string>;
}

async function until<T>(probe: () => Promise<T | undefined | false | null>, what: string, timeoutMs: number, intervalMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await probe();
      if (v) return v;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last instanceof Error ? `: ${last.message}` : ''}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

export { until as waitUntil };

/** Whether `/health/ready` answers 200 within 2 s. */
export async function isReady(port: number): Promise<boolean> {
  try {
    const res = await fetch(`http://127.0.0.1:${port}/health/ready`, { signal: AbortSignal.timeout(2000) });
    await res.arrayBuffer();
    return res.ok;
  } catch {
    return false;
  }
}

export class AppProcesses {
  readonly procs = new Map<DataApp, ChildProcess>();
  private readonly o: AppsOptions;

  constructor(o: AppsOptions) {
    this.o = o;
  }

  start(name: DataApp): ChildProcess {
    const o = this.o;
    const child = spawn(NODE, ['--max-semi-space-size=2', `dist/apps/${name}/src/main.js`], {
      env: {
        ...process.env, DATABASE_URL: o.databaseUrl, REDIS_URL: o.redisUrl, BULLMQ_PREFIX: o.prefix, JWT_PUBLIC_KEY: o.keys.publicKey, JWT_PRIVATE_KEY: o.keys.privateKey,
        LOG_LEVEL: 'error', SEED_DEMO: 'true', ADMIN_EMAILS: 'admin@poleflow.test', NODE_ENV: 'production', PORT: String(o.ports[name]), ...o.env,
      },
      stdio: ['ignore', 'ignore', process.env.FAULTS_APP_STDERR === '1' ? 'inherit' : 'ignore'],
    });
    this.procs.set(name, child);
    return child;
  }

  ready(name: DataApp, timeoutMs = 60_000): Promise<true> {
    return until(async () => isReady(this.o.ports[name]), `${name} ready`, timeoutMs);
  }

  /** Directory first (it migrates and seeds the reference data), then the others together. */
  async startAll(timeoutMs = 90_000): Promise<void> {
    this.start('directory');
    await this.ready('directory', timeoutMs);
    const others = DATA_APPS.filter((a) => a !== 'directory');
    for (const a of others) this.start(a);
    await Promise.all(others.map((a) => this.ready(a, timeoutMs)));
  }

  async kill9(name: DataApp): Promise<void> {
    const c = this.procs.get(name);
    if (!c || c.exitCode !== null || c.signalCode !== null) return;
    await new Promise((resolve) => { c.once('exit', resolve); c.kill('SIGKILL'); });
  }

  /**
   * SIGTERM; resolves with the milliseconds until the process exited (null if it still ran after `limitMs`, then
   * SIGKILLed) and whether the graceful shutdown finished (false when the 10 s bound of libs/http `serve` cut it: exit code 1).
   */
  async stop(name: DataApp, limitMs = 15_000): Promise<{ ms: number | null; graceful: boolean }> {
    const c = this.procs.get(name);
    if (!c || c.exitCode !== null || c.signalCode !== null) return { ms: 0, graceful: true };
    const t = Date.now();
    const exited = new Promise<number>((resolve) => c.once('exit', () => resolve(Date.now() - t)));
    c.kill('SIGTERM');
    let timer: NodeJS.Timeout | undefined;
    const ms = await Promise.race([exited, new Promise<null>((r) => { timer = setTimeout(() => r(null), limitMs); })]);
    clearTimeout(timer);
    if (ms === null) await this.kill9(name);
    return { ms, graceful: ms !== null && c.exitCode !== 1 };
  }

  async stopAll(limitMs = 15_000): Promise<Record<string, { ms: number | null; graceful: boolean }>> {
    const names = [...this.procs.keys()];
    const times = await Promise.all(names.map((n) => this.stop(n, limitMs)));
    return Object.fromEntries(names.map((n, i) => [n, times[i]]));
  }
}

export interface Accepted {
  projectId: string;
  at: number;
}

/**
 * A steady load of submissions by the demo coordinator (SEED_DEMO): each client creates a project with two
 * partners and submits it, again and again. Every answer is counted by status; an accepted submission (2xx to
 * `submit`) is recorded for the reconciliation.
 */
export class SubmissionLoad {
  readonly accepted: Accepted[] = [];
  readonly statuses = new Map<string, number>();
  readonly errors: string[] = [];
  private running = false;
  private loops: Promise<void>[] = [];
  private token = '';
  private orgs: string[] = [];
  /** The partners' own tokens: a partner joins by accepting its invitation and entering its own budget. */
  private readonly partnerTokens = new Map<string, string>();
  private poles: string[] = [];
  private readonly ports: Record<DataApp, number>;

  constructor(ports: Record<DataApp, number>) {
    this.ports = ports;
  }

  private async call(app: DataApp, method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
    const started = Date.now();
    try {
      const res = await fetch(`http://127.0.0.1:${this.ports[app]}${path}`, {
        method, signal: AbortSignal.timeout(35_000),
        headers: { 'content-type': 'application/json', ...(this.token ? { authorization: `Bearer ${this.token}` } : {}), ...headers },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await res.text();
      return { status: res.status, etag: res.headers.get('etag'), retryAfter: res.headers.get('retry-after'), body: text ? JSON.parse(text) : null, ms: Date.now() - started };
    } catch (err) {
      return { status: 0, etag: null, retryAfter: null, body: { error: (err as Error).message }, ms: Date.now() - started };
    }
  }

  async prepare(): Promise<void> {
    const login = await this.call('directory', 'POST', '/api/v1/auth/login', { email: 'alice@aerolab.test', password: DEMO_PASSWORD });
    if (login.status !== 200) throw new Error(`login: ${login.status} ${JSON.stringify(login.body)}`);
    this.token = login.body.accessToken;
    const me = await this.call('directory', 'GET', '/api/v1/me');
    const coordinator = me.body.affiliations.find((a: { kind: string }) => a.kind === 'organisation').targetId as string;
    const others: string[] = [];
    for (const email of ['bruno@composites.test', 'chloe@onera.test']) {
      const l = await this.call('directory', 'POST', '/api/v1/auth/login', { email, password: DEMO_PASSWORD });
      const m = await fetch(`http://127.0.0.1:${this.ports.directory}/api/v1/me`, { headers: { authorization: `Bearer ${l.body.accessToken}` } });
      const org = ((await m.json()) as { affiliations: { kind: string; targetId: string }[] }).affiliations.find((a) => a.kind === 'organisation')!.targetId;
      others.push(org);
      this.partnerTokens.set(org, l.body.accessToken as string);
    }
    this.orgs = [coordinator, ...others];
    for (const q of ['aerospace', 'systematic']) this.poles.push((await this.call('directory', 'GET', `/api/v1/poles?q=${q}`)).body.items[0].id);
  }

  private count(step: string, status: number, code?: string): void {
    const k = `${step} ${status}${code ? ` ${code}` : ''}`;
    this.statuses.set(k, (this.statuses.get(k) ?? 0) + 1);
  }

  /** One project from creation to submission; a step refused for the moment (503, network) is retried after its Retry-After, as a client would. */
  private async one(n: number): Promise<void> {
    const step = async (name: string, app: DataApp, method: string, path: string, body?: unknown, headers?: Record<string, string>) => {
      for (let attempt = 0; attempt < 20 && this.running; attempt++) {
        const r = await this.call(app, method, path, body, headers);
        this.count(name, r.status, r.status >= 300 && typeof r.body?.code === 'string' ? r.body.code : undefined);
        if (r.status >= 200 && r.status < 300) return r;
        // 503 says when to retry; 409 IDEMPOTENCY_IN_PROGRESS: the first try of this key is still settling.
        if (r.status === 503 || r.status === 0 || (r.status === 409 && r.body?.code === 'IDEMPOTENCY_IN_PROGRESS')) {
          await new Promise((res) => setTimeout(res, Math.min(Number(r.retryAfter ?? 1), 5) * 1000));
          continue;
        }
        if (r.status >= 500) this.errors.push(`${name}: ${r.status} ${JSON.stringify(r.body).slice(0, 300)}`);
        return undefined;
      }
      return undefined;
    };
    const key = `load-${Date.now()}-${n}-${Math.random().toString(36).slice(2)}`;
    const p = await step('create', 'submission', 'POST', '/api/v1/projects', {
      acronym: `F${n}`, title: 'Fault run project', summary: 'Composite morphing wing demonstrator', themes: ['aeronautics-space'], keywords: ['composites'],
      trlStart: 3, trlTarget: 6, startDate: '2027-03-01', durationMonths: 24, coordinatorOrganisationId: this.orgs[0], poleIds: this.poles,
    }, { 'idempotency-key': key });
    if (!p) return;
    let etag = p.etag!;
    const id = p.body.id as string;
    for (const [i, org] of this.orgs.entries()) {
      const budget = { industrial: { personnel: 20_000_000 * (i + 1), equipment: 5_000_000 }, experimental: { personnel: 10_000_000 } };
      if (i === 0) {
        const r = await step('budget', 'submission', 'PUT', `/api/v1/projects/${id}/partners/${org}`, { budget }, { 'if-match': etag, 'idempotency-key': `${key}-p${i}` });
        if (!r) return;
        etag = r.etag!;
        continue;
      }
      // Invited by the coordinator, the partner accepts and enters (so confirms) its own budget.
      const partnerAuth = { authorization: `Bearer ${this.partnerTokens.get(org)}` };
      const inv = await step('invite', 'submission', 'POST', `/api/v1/projects/${id}/invitations`, { organisationId: org }, { 'idempotency-key': `${key}-i${i}` });
      if (!inv) return;
      if (!(await step('accept', 'submission', 'POST', `/api/v1/invitations/${inv.body.id}/accept`, {}, { ...partnerAuth, 'idempotency-key': `${key}-a${i}` }))) return;
      const read = await step('read', 'submission', 'GET', `/api/v1/projects/${id}`, undefined, partnerAuth);
      if (!read) return;
      const r = await step('budget', 'submission', 'PUT', `/api/v1/projects/${id}/partners/${org}`, { budget }, { ...partnerAuth, 'if-match': read.etag!, 'idempotency-key': `${key}-p${i}` });
      if (!r) return;
    }
    const latest = await step('read', 'submission', 'GET', `/api/v1/projects/${id}`);
    if (!latest) return;
    etag = latest.etag!;
    const s = await step('submit', 'submission', 'POST', `/api/v1/projects/${id}/submit`, {}, { 'if-match': etag, 'idempotency-key': `${key}-s` });
    if (s) this.accepted.push({ projectId: id, at: Date.now() });
  }

  /** Starts `clients` loops, each aiming at `perSecond / clients` submissions per second. */
  start(clients: number, perSecond: number): void {
    this.running = true;
    let n = 0;
    const gapMs = (1000 * clients) / perSecond;
    this.loops = Array.from({ length: clients }, async () => {
      while (this.running) {
        const t = Date.now();
        await this.one(n++);
        const rest = gapMs - (Date.now() - t);
        if (rest > 0 && this.running) await new Promise((r) => setTimeout(r, rest));
      }
    });
  }

  async stop(): Promise<void> {
    this.running = false;
    await Promise.all(this.loops);
  }

  /** Forgets the figures (a new scenario), keeping the logins. */
  reset(): void {
    this.accepted.length = 0;
    this.errors.length = 0;
    this.statuses.clear();
  }

  /** Answers that were neither 2xx, nor a 503 that said when to retry (by step, status and code); status 0 is "no answer", counted apart. */
  httpErrors(): Record<string, number> {
    return Object.fromEntries([...this.statuses].filter(([k]) => { const s = Number(k.split(' ')[1]); return !(s >= 200 && s < 300) && s !== 503 && s !== 0; }));
  }

  /** Requests that got no HTTP answer at all (connection refused or reset: the app was down). */
  unanswered(): number {
    return [...this.statuses].filter(([k]) => k.split(' ')[1] === '0').reduce((a, [, n]) => a + n, 0);
  }
}

export interface Reconciliation {
  accepted: number;
  lost: { tracker: number; labelling: number; funding: number; milestones: number };
  doubled: { trackerEntries: number; labellingCases: number };
  wrongStage: number;
  deadLetters: Record<string, number>;
}

/** Checks every accepted submission in the read models: once in the tracker's timeline, two labelling cases, known to funding and milestones. */
export async function reconcile(databaseUrl: string, accepted: Accepted[]): Promise<Reconciliation> {
  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    const ids = accepted.map((a) => a.projectId);
    const one = async (q: string): Promise<number> => Number((await db.query(q, [ids])).rows[0]?.n ?? 0);
    const perProject = async (q: string): Promise<Map<string, number>> => new Map((await db.query(q, [ids])).rows.map((r) => [r.id as string, Number(r.n)]));
    const entries = await perProject(`select project_id as id, count(*)::int as n from tracker.timeline_entries where type = 'project.submitted' and project_id = any($1) group by 1`);
    const cases = await perProject(`select project_id as id, count(*)::int as n from labelling.cases where project_id = any($1) group by 1`);
    const subOutbox = await perProject(`select o.stream_id as id, count(*)::int as n from submission.outbox o where o.type = 'project.submitted' and o.stream_id = any($1) group by 1`);
    const fundingSeen = await one(`select count(distinct o.stream_id)::int as n from submission.outbox o join funding.inbox i on i.event_id = o.id where o.type = 'project.submitted' and o.stream_id = any($1)`);
    const milestonesSeen = await one(`select count(distinct o.stream_id)::int as n from submission.outbox o join milestones.inbox i on i.event_id = o.id where o.type = 'project.submitted' and o.stream_id = any($1)`);
    const wrongStage = await one(`select count(*)::int as n from unnest($1::uuid[]) as p(id) left join tracker.projects t on t.id = p.id where t.stage is null or t.stage not in ('submitted', 'in_labelling')`)
      .catch(() => -1);
    const deadLetters: Record<string, number> = {};
    for (const s of DATA_APPS) deadLetters[s] = Number((await db.query(`select count(*)::int as n from ${s}.dead_letters where resolved_at is null`)).rows[0].n);
    return {
      accepted: ids.length,
      lost: {
        tracker: ids.filter((id) => !entries.get(id)).length,
        labelling: ids.filter((id) => (cases.get(id) ?? 0) < 2).length,
        funding: ids.length - fundingSeen,
        milestones: ids.length - milestonesSeen,
      },
      doubled: {
        trackerEntries: ids.filter((id) => (entries.get(id) ?? 0) > (subOutbox.get(id) ?? 1)).length,
        labellingCases: ids.filter((id) => (cases.get(id) ?? 0) > 2).length,
      },
      wrongStage,
      deadLetters,
    };
  } finally {
    await db.end();
  }
}

/** Reconciles until nothing is lost, or `timeoutMs` has passed (then the last figures). */
export async function reconcileSettled(databaseUrl: string, accepted: Accepted[], timeoutMs: number): Promise<Reconciliation & { settledMs: number | null }> {
  const t = Date.now();
  let last: Reconciliation;
  for (;;) {
    last = await reconcile(databaseUrl, accepted);
    const lost = Object.values(last.lost).reduce((a, b) => a + b, 0);
    if (lost === 0 && last.wrongStage <= 0) return { ...last, settledMs: Date.now() - t };
    if (Date.now() - t > timeoutMs) return { ...last, settledMs: null };
    await new Promise((r) => setTimeout(r, 500));
  }
}
