import { ValidationPipe, type ValidationError } from '@nestjs/common';
import { ValidationProblem, type FieldError } from './problem.js';

function flatten(errors: ValidationError[], parent = ''): (FieldError & { constraint: string })[] {
  return errors.flatMap((e) => {
    const path = parent ? (/^\d+$/.test(e.property) ? `${parent}[${e.property}]` : `${parent}.${e.property}`) : e.property;
    const own = Object.entries(e.constraints ?? {}).map(([constraint, message]) => ({ path, message, constraint }));
    return [...own, ...flatten(e.children ?? [], path)];
  });
}

/** Strict DTO validation: unknown fields are refused, every failing field is reported with its path. */
export function validationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    exceptionFactory: (errors) => {
      const flat = flatten(errors);
      return new ValidationProblem(flat.map(({ path, message }) => ({ path, message })), flat.map((f) => f.constraint));
    },
  });
}
