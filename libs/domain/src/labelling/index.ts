export * from './case.machine.js';
export * from './admissibility.js';
export * from './conflict.js';
export * from './scoring.js';
export * from './label.js';
