// mocha runs the TypeScript sources through tsx (lowdb and jose are ESM-only).
module.exports = {
  'node-option': ['import=tsx'],
  spec: ['test/unit/**/*.test.ts', 'test/http/**/*.test.ts', 'test/storage/**/*.test.ts', 'test/conformance/**/*.test.ts', 'test/runtime/**/*.test.ts'],
  timeout: 20000,
  reporter: 'spec',
  exit: true,
};
