import { defineConfig } from 'vitest/config';

const packages = [
  'codec',
  'stub',
  'relay',
  'runner',
  'local-cloud',
  'debug-stack',
  'cli',
] as const;

// One project per package; each runs the tests under its own test/ folder.
// Cross-package imports resolve to the built dist/ of the other package, so
// `npm test` builds first.
export default defineConfig({
  test: {
    projects: packages.map((name) => ({
      test: {
        name,
        root: `packages/${name}`,
        include: ['test/**/*.test.ts'],
        testTimeout: 30_000,
        hookTimeout: 60_000,
      },
    })),
  },
});
