export * from './builders.ts';
export * from './check-tester.ts';
export * from './fixtures.ts';
export * from './logs.ts';
export * from './results.ts';
export * from './virtual-wan-builders.ts';
