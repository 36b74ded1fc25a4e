import fc from 'fast-check';

/*
 * fast-check arbitraries derived from the OpenAPI (3.0) schemas of the merged document: valid values of a
 * schema, and invalid ones (a wrong type, one past a bound, U+0000, a lone surrogate, an unknown property).
 */

export type Schema = Record<string, unknown> & {
  $ref?: string; type?: string; format?: string; enum?: unknown[]; nullable?: boolean; items?: Schema; properties?: Record<string, Schema>;
  required?: string[]; example?: unknown; allOf?: Schema[]; oneOf?: Schema[]; anyOf?: Schema[]; minLength?: number; maxLength?: number; minimum?: number;
  maximum?: number; minItems?: number; maxItems?: number; pattern?: string; additionalProperties?: boolean | Schema;
};
export type Doc = { components?: { schemas?: Record<string, Schema> } };

export function resolve(doc: Doc, s: Schema | undefined): Schema {
  let out = s ?? {};
  for (let i = 0; out.$ref && i < 20; i++) out = doc.components?.schemas?.[out.$ref.split('/').pop()!] ?? {};
  if (out.allOf) out = out.allOf.reduce<Schema>((acc, x) => { const r = resolve(doc, x); return { ...acc, ...r, properties: { ...acc.properties, ...r.properties }, required: [...(acc.required ?? []), ...(r.required ?? [])] }; }, { ...out, allOf: undefined });
  return out;
}

/** Ids of real objects (set by the suite once it has seen them): a valid uuid is one of them as often as not. */
export const known = { ids: [] as string[] };

// printable text (accents, CJK, emoji), trimmed: what a person types; control characters are the invalid side's
const text = (min: number, max: number) => fc.string({ minLength: min, maxLength: Math.max(min, max), unit: 'grapheme' })
  .map((s) => s.replace(/\p{Cc}/gu, '').trim().slice(0, max).toWellFormed()).filter((s) => s.length >= min);

/** A valid value of the schema (bounded: strings ≤ 40 characters unless the schema needs more, arrays ≤ 3). */
export function valid(doc: Doc, schema: Schema | undefined, depth = 0): fc.Arbitrary<unknown> {
  const s = resolve(doc, schema);
  const base = ((): fc.Arbitrary<unknown> => {
    if (s.enum?.length) return fc.constantFrom(...s.enum);
    if (s.oneOf || s.anyOf) return fc.oneof(...(s.oneOf ?? s.anyOf)!.map((x) => valid(doc, x, depth + 1)));
    switch (s.type) {
      case 'string': {
        if (s.format === 'uuid') return known.ids.length ? fc.oneof(fc.constantFrom(...known.ids), fc.uuid()) : fc.uuid();
        if (s.format === 'date-time') return fc.date({ min: new Date('2020-01-01'), max: new Date('2035-01-01'), noInvalidDate: true }).map((d) => d.toISOString());
        if (s.format === 'date') return fc.date({ min: new Date('2020-01-01'), max: new Date('2035-01-01'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
        if (s.format === 'email') return fc.emailAddress().filter((e) => e.length <= (s.maxLength ?? 254));
        if (s.format === 'uri' || s.format === 'url') return fc.webUrl({ validSchemes: ['https'] });
        if (s.format === 'binary') return fc.constant('binary');
        if (s.pattern) return fc.stringMatching(new RegExp(s.pattern)).filter((x) => x.length <= (s.maxLength ?? 1000) && x.length >= (s.minLength ?? 0));
        const min = s.minLength ?? 0;
        return text(min, Math.min(s.maxLength ?? 40, Math.max(min, 40)));
      }
      case 'integer': return fc.integer({ min: s.minimum ?? -1000, max: s.maximum ?? 1_000_000_000 });
      case 'number': return fc.double({ min: s.minimum ?? -1000, max: s.maximum ?? 1e9, noNaN: true, noDefaultInfinity: true });
      case 'boolean': return fc.boolean();
      case 'array': return depth > 4 ? fc.constant([]) : fc.array(valid(doc, s.items, depth + 1), { minLength: s.minItems ?? 0, maxLength: Math.max(s.minItems ?? 0, Math.min(s.maxItems ?? 3, 3)) });
      case 'object':
      case undefined: {
        if (!s.properties) return fc.constant({});
        const props = Object.fromEntries(Object.entries(s.properties).map(([k, v]) => [k, depth > 4 ? fc.constant(undefined) : valid(doc, v, depth + 1)]));
        return fc.record(props, { requiredKeys: (s.required ?? []).filter((k) => k in props) });
      }
      default: return fc.constant(null);
    }
  })();
  // the schema's own example, when it has one, is a value the service accepts (a real SIREN, a NAF code…)
  const withExample = s.example !== undefined && s.type !== 'object' ? fc.oneof({ arbitrary: fc.constant(s.example), weight: 2 }, { arbitrary: base, weight: 1 }) : base;
  return s.nullable ? fc.oneof(withExample, fc.constant(null)) : withExample;
}

const BAD_STRINGS = ['a\u0000b', 'x\ud800', '\udc00', ''];

/** An invalid value for the schema: what a fuzzer sends. */
export function invalid(doc: Doc, schema: Schema | undefined): fc.Arbitrary<unknown> {
  const s = resolve(doc, schema);
  const wrongType = s.type === 'string' ? fc.oneof(fc.integer(), fc.constant(true), fc.constant({}))
    : s.type === 'array' ? fc.oneof(fc.constant('x'), fc.constant({ a: 1 }))
      : s.type === 'object' || s.properties ? fc.oneof(fc.constant('x'), fc.constant([1]), fc.constant(42))
        : fc.oneof(fc.constant('not-a-number'), fc.constant([]), fc.constant({}));
  const options: fc.Arbitrary<unknown>[] = [wrongType, fc.constantFrom(...BAD_STRINGS)];
  if (s.type === 'string' && s.maxLength !== undefined) options.push(fc.constant('é'.repeat(s.maxLength + 1)));
  if (s.type === 'array' && s.maxItems !== undefined) options.push(fc.constant(Array.from({ length: s.maxItems + 1 }, () => 'x')));
  if ((s.type === 'integer' || s.type === 'number') && s.maximum !== undefined) options.push(fc.constant(s.maximum + 1));
  if (s.properties) {
    const props = Object.keys(s.properties);
    // a valid object with one property broken, or an unknown property added
    options.push(fc.tuple(valid(doc, s) as fc.Arbitrary<Record<string, unknown>>, fc.constantFrom(...props), fc.constantFrom(...BAD_STRINGS, 12, null, ['x'])).map(([o, k, v]) => ({ ...o, [k]: v })));
    options.push(valid(doc, s).map((o) => ({ ...(o as object), 'unknown\u0000key': 1 })));
    options.push(valid(doc, s).map((o) => ({ ...(o as object), notAField: 'x' })));
  }
  return fc.oneof(...options);
}
