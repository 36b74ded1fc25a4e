import { Injectable, Logger } from '@nestjs/common';
import type { OpenAPIObject } from '@nestjs/swagger';
import { documentProblems } from '@poleflow/http';
import { routeFor, type UpstreamName } from './routes.js';
import { Upstreams } from './upstreams.js';

type Json = Record<string, unknown>;
const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

export interface UpstreamDoc {
  service: UpstreamName;
  doc: OpenAPIObject;
}

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const capitalised = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Deep copy with every `$ref` rewritten through `rename` (a map from old to new reference). */
function rewriteRefs<T>(value: T, rename: Map<string, string>): T {
  if (!rename.size) return structuredClone(value);
  const walk = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(walk);
    if (!isObject(v)) return v;
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, k === '$ref' && typeof x === 'string' ? (rename.get(x) ?? x) : walk(x)]));
  };
  return walk(value) as T;
}

/**
 * One OpenAPI document out of the gateway's own and each service's (pure). Paths are taken from the service
 * that the gateway routes them to (others are listed under `x-unrouted`; the gateway's own operations win),
 * components are merged by name, and a component that clashes with a different one of the same name is
 * renamed `<Service><Name>` with every reference to it. Services that could not be read are listed under
 * `x-unavailable`.
 */
export function mergeOpenApi(base: OpenAPIObject, parts: UpstreamDoc[], unavailable: string[]): OpenAPIObject {
  const out = structuredClone(base) as OpenAPIObject & Json;
  out.paths ??= {};
  out.components ??= {};
  const components = out.components as Record<string, Json | undefined>;
  const tags = new Map((out.tags ?? []).map((t) => [t.name, t]));
  const operationIds = new Set<string>();
  for (const item of Object.values(out.paths)) for (const m of METHODS) {
    const id = (item as Json)[m] && ((item as Json)[m] as Json).operationId;
    if (typeof id === 'string') operationIds.add(id);
  }
  const unrouted: string[] = [];

  for (const { service, doc } of parts) {
    // 1. components: decide the renames first, so that paths and schemas are rewritten in one pass.
    const rename = new Map<string, string>();
    for (const [kind, group] of Object.entries(doc.components ?? {})) {
      if (!isObject(group)) continue;
      const target = (components[kind] ??= {});
      for (const [name, def] of Object.entries(group)) {
        if (!(name in target) || sameJson(target[name], def)) continue;
        let alias = `${capitalised(service)}${name}`;
        for (let n = 2; alias in target || alias in group; n++) alias = `${capitalised(service)}${name}${n}`;
        rename.set(`#/components/${kind}/${name}`, `#/components/${kind}/${alias}`);
      }
    }
    const own = rewriteRefs(doc, rename);
    for (const [kind, group] of Object.entries(own.components ?? {})) {
      if (!isObject(group)) continue;
      const target = components[kind]!;
      for (const [name, def] of Object.entries(group)) {
        const alias = rename.get(`#/components/${kind}/${name}`)?.split('/').pop() ?? name;
        target[alias] ??= def;
      }
    }
    // 2. paths: only those the gateway sends to this service.
    for (const [path, item] of Object.entries(own.paths ?? {})) {
      if (routeFor(path.replace(/\{[^}]+\}/g, 'x')) !== service) {
        if (!(path in out.paths)) unrouted.push(`${service} ${path}`);
        continue;
      }
      const merged = ((out.paths as Json)[path] ??= {}) as Json;
      for (const [key, op] of Object.entries(item as Json)) {
        if (key in merged) continue; // the gateway's own operation, or an earlier service's, wins
        if (METHODS.includes(key) && isObject(op)) {
          let id = typeof op.operationId === 'string' ? op.operationId : undefined;
          if (id && operationIds.has(id)) id = `${service}_${id}`;
          if (id) operationIds.add(id);
          merged[key] = { ...op, ...(id ? { operationId: id } : {}), 'x-service': service };
        } else {
          merged[key] = op;
        }
      }
    }
    for (const t of own.tags ?? []) if (!tags.has(t.name)) tags.set(t.name, t);
  }

  out.tags = [...tags.values()];
  out['x-services'] = parts.map((p) => p.service);
  out['x-unavailable'] = unavailable;
  if (unrouted.length) out['x-unrouted'] = unrouted;
  return out;
}

/**
 * Serves the merged document: the upstreams' `/docs-json` are fetched at request time and the result is kept
 * DOCS_CACHE_MS (a few seconds only when a service was missing, so it shows up soon after it starts).
 */
@Injectable()
export class DocsMerger {
  private readonly logger = new Logger('Docs');
  private cached?: { until: number; doc: Promise<OpenAPIObject> };

  constructor(private readonly upstreams: Upstreams) {}

  merged(base: OpenAPIObject, cacheMs: number): Promise<OpenAPIObject> {
    const now = Date.now();
    if (this.cached && this.cached.until > now) return this.cached.doc;
    const doc = this.build(base);
    const entry = { until: now + cacheMs, doc };
    this.cached = entry;
    void doc.then((d) => {
      if (((d as OpenAPIObject & Json)['x-unavailable'] as string[]).length) entry.until = Math.min(entry.until, Date.now() + Math.min(cacheMs, 3000));
    }, () => { entry.until = 0; });
    return doc;
  }

  private async build(base: OpenAPIObject): Promise<OpenAPIObject> {
    const answers = await Promise.all(this.upstreams.names().map((s) => this.upstreams.call(s, '/docs-json')));
    const parts: UpstreamDoc[] = [];
    const unavailable: string[] = [];
    for (const a of answers) {
      try {
        if (!a.reached || a.status !== 200) throw new Error(a.reached ? `status ${a.status}` : a.error);
        const doc = JSON.parse(a.body) as OpenAPIObject;
        if (!isObject(doc) || !isObject(doc.paths)) throw new Error('not an OpenAPI document');
        parts.push({ service: a.service, doc });
      } catch (err) {
        this.logger.warn(`openapi of ${a.service} left out: ${(err as Error).message}`);
        unavailable.push(a.service);
      }
    }
    // every proxied operation may also end at the gateway: service unreachable, no answer in time
    return documentProblems(mergeOpenApi(base, parts, unavailable), { statuses: (op) => (op['x-service'] ? [502, 503, 504] : []) });
  }
}
