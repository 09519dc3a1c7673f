import { describe, expect, it } from 'vitest';
import { formatHeader } from '../../src/render/format-header.js';
import { createPalette } from '../../src/render/palette.js';

describe('formatHeader', () => {
  it('shows app, stage, target, relay, APIs and live functions', () => {
    const text = formatHeader(
      {
        app: 'http-api',
        stage: 'alice',
        target: 'local',
        region: 'us-east-1',
        relayUrl: 'ws://127.0.0.1:4000/local',
        lambdaEndpoint: 'http://127.0.0.1:4001',
        apis: [
          {
            stack: 'HttpApiExample',
            logicalId: 'Api1234',
            type: 'HTTP',
            // local-cloud reports the URL with its trailing slash.
            url: 'http://127.0.0.1:4002/',
          },
        ],
        functions: [{ id: 'Api/Hello', source: 'src/handlers/hello.ts' }],
        readyMs: 4200,
      },
      createPalette(false),
    );

    expect(text).toContain('tether dev  http-api · stage alice · local-cloud');
    expect(text).toContain('relay      ws://127.0.0.1:4000/local');
    expect(text).toContain(
      'HTTP API   http://127.0.0.1:4002 HttpApiExample/Api1234',
    );
    expect(text).toContain('Api/Hello  src/handlers/hello.ts');
    expect(text).toContain('Ready in 4.2 s');
  });
});
