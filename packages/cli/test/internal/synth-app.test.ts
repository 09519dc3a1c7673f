import { CONTEXT_KEYS } from '@tether/debug-stack';
import { describe, expect, it } from 'vitest';
import {
  liveContext,
  MAX_TIMEOUT_SECONDS,
} from '../../src/internal/synth-app.js';

describe('liveContext', () => {
  it('switches live mode on for the stage', () => {
    const context = liveContext(
      { stage: 'alice', increaseTimeout: false },
      true,
    );

    expect(context).toEqual({
      [CONTEXT_KEYS.live]: true,
      [CONTEXT_KEYS.stage]: 'alice',
    });
  });

  it('raises timeouts to the Lambda maximum with --increase-timeout', () => {
    const context = liveContext(
      { stage: 'alice', increaseTimeout: true },
      true,
    );

    expect(context[CONTEXT_KEYS.timeout]).toBe(MAX_TIMEOUT_SECONDS);
  });

  it('switches live mode off for deploy, whatever the timeout flag', () => {
    const context = liveContext(
      { stage: 'alice', increaseTimeout: true },
      false,
    );

    expect(context).toEqual({
      [CONTEXT_KEYS.live]: false,
      [CONTEXT_KEYS.stage]: 'alice',
    });
  });
});
