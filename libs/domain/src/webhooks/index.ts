export * from './address.js';
export * from './webhook-url.js';
export * from './signature.js';
