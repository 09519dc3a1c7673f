import path from 'node:path';
import ts from 'typescript';
import { expect, it } from 'vitest';

// A CDK app of the older `cdk init` (`"module": "commonjs"`) resolves
// packages the Node 10 way: by `types`, not by `exports`.
it('gives its types to an app with Node 10 module resolution', () => {
  const app = path.join(import.meta.dirname, 'fixtures/cjs/app.ts');
  const options = { moduleResolution: ts.ModuleResolutionKind.Node10 };

  const { resolvedModule } = ts.resolveModuleName(
    '@tether/debug-stack',
    app,
    options,
    ts.sys,
  );

  expect(resolvedModule?.resolvedFileName).toMatch(/dist[/\\]index\.d\.ts$/);
});
