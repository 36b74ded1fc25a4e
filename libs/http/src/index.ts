export * from './problem.js';
export * from './validation.js';
export * from './request-context.js';
export * from './etag.js';
export * from './pagination.js';
export * from './idempotency.js';
export * from './http.module.js';
export * from './bootstrap.js';
