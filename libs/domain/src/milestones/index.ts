export * from './milestone.machine.js';
