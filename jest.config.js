// One `npm test` runs every project: the API (against a real PostgreSQL) and the infrastructure code.
const esmTsJest = (tsconfig) => ({
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: { '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig }] },
  testEnvironment: 'node',
});

export default {
  projects: [
    {
      displayName: 'api',
      rootDir: '<rootDir>/api',
      testMatch: ['<rootDir>/src/**/*.test.ts'],
      ...esmTsJest('<rootDir>/tsconfig.json'),
    },
    {
      displayName: 'infra',
      rootDir: '<rootDir>',
      testMatch: ['<rootDir>/{lib,charts,test,scripts,bench}/**/*.test.ts', '<rootDir>/*.test.ts'],
      ...esmTsJest('<rootDir>/tsconfig.json'),
    },
  ],
};
