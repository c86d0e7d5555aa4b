// jest runs the ESM TypeScript sources directly (ts-jest in ESM mode) under
// NODE_OPTIONS=--experimental-vm-modules; relative imports carry a `.js`
// suffix for Node, which the mapper strips so ts-jest finds the `.ts` file.
export default {
  testEnvironment: 'node',
  // Jest 30's "soft" clean-up of globals between files wraps ssh2's and
  // execa's emitters in ever deeper proxies; across this many files in one
  // worker that overflowed the stack. Each file gets a fresh VM context anyway.
  testEnvironmentOptions: { globalsCleanup: 'off' },
  extensionsToTreatAsEsm: ['.ts', '.tsx'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: {
    '^.+\\.tsx?$': ['ts-jest', { useESM: true, tsconfig: 'tsconfig.test.json' }],
  },
  testMatch: ['<rootDir>/__tests__/**/*.test.ts', '<rootDir>/__tests__/**/*.test.tsx'],
  // MAILSETUP_LAB=off: no lab at all, so the files that only drive a lab VPS are left out.
  testPathIgnorePatterns: process.env.MAILSETUP_LAB === 'off' ? ['/node_modules/', '\\.lab\\.test\\.ts$'] : ['/node_modules/'],
  // The lab (a real VPS, DNS, ACME and inbox) is brought up once per run.
  globalSetup: '<rootDir>/__tests__/global-setup.ts',
  globalTeardown: '<rootDir>/__tests__/global-teardown.ts',
  reporters: ['default', '<rootDir>/scripts/jest-summary-reporter.js'],
  testTimeout: 120000,
  // Lab VPSes (systemd-nspawn) and CLI runs are child processes of the test
  // files; the global teardown stops the lab, and a stray child left by a
  // failed test must not keep CI waiting past its budget.
  forceExit: true,
  // Lab tests share one VPS per OS; running files one at a time keeps them
  // from stepping on each other and fits the 2-core machine.
  maxWorkers: 1,
};
