import { getMetadataStorage } from 'class-validator';
import { globSync } from 'node:fs';
import { join } from 'node:path';

/*
 * Every string a request may carry has a maximum length and every list a maximum size (security issue §1):
 * this fails when a DTO — request body or query class, in any app or lib — declares a string without
 * @MaxLength/@Length (or a closed set: @IsIn, @IsEnum, @IsUUID, ISO dates…) or an array without @ArrayMaxSize.
 * New DTO files are found by name (*.dto.ts), plus the few request classes declared elsewhere.
 */
const ROOT = join(import.meta.dirname, '..');
const FILES = [
  ...globSync('apps/*/src/**/*.dto.ts', { cwd: ROOT }),
  'libs/http/src/pagination.ts', 'libs/messaging/src/dead-letters.ts', 'apps/gateway/src/dead-letters.controller.ts',
  'apps/labelling/src/labels/label.view.ts', 'apps/tracker/src/timeline/timeline.controller.ts', 'apps/tracker/src/notifications/notifications.controller.ts',
];

const STRINGS = new Set(['isString', 'isEmail', 'isUrl', 'matches', 'isNotEmpty']);
const BOUNDED = new Set(['maxLength', 'isLength', 'isIn', 'isEnum', 'isUUID', 'isIso8601', 'isISO8601', 'isDateString', 'isBooleanString', 'isNumberString', 'isBoolean', 'isInt', 'isNumber']);

describe('request DTOs: every string has a maximum length, every list a maximum size', () => {
  it('finds the DTO files', () => {
    expect(FILES.length).toBeGreaterThan(20);
  });

  it('has no unbounded string or list', async () => {
    for (const f of FILES) await import(join(ROOT, f));
    const storage = getMetadataStorage() as unknown as { validationMetadatas: Map<{ name: string }, { propertyName: string; name?: string; type: string; each?: boolean; constraints?: unknown[] }[]> };
    const unbounded: string[] = [];
    for (const [target, metas] of storage.validationMetadatas) {
      const byProp = new Map<string, typeof metas>();
      for (const m of metas) byProp.set(m.propertyName, [...(byProp.get(m.propertyName) ?? []), m]);
      for (const [prop, ms] of byProp) {
        const names = (each: boolean) => new Set(ms.filter((m) => Boolean(m.each) === each).map((m) => m.name ?? m.type));
        const isLengthMax = (each: boolean) => ms.some((m) => m.name === 'isLength' && Boolean(m.each) === each && m.constraints?.[1] !== undefined);
        for (const each of [false, true]) {
          const n = names(each);
          if ([...n].some((x) => STRINGS.has(x)) && ![...n].some((x) => BOUNDED.has(x) && x !== 'isLength') && !isLengthMax(each)) {
            unbounded.push(`${target.name}.${prop}${each ? '[]' : ''}: string without @MaxLength`);
          }
        }
        if (names(false).has('isArray') && !names(false).has('arrayMaxSize')) unbounded.push(`${target.name}.${prop}: array without @ArrayMaxSize`);
      }
    }
    expect(unbounded).toEqual([]);
  });
});
