export * from './gber.js';
export * from './eligibility.js';
