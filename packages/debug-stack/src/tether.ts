import {
  type App,
  Aspects,
  attachCustomSynthesis,
  PropertyInjectors,
} from 'aws-cdk-lib';
import { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import { TetherError } from './errors.js';
import { LiveAspect } from './internal/live-aspect.js';
import { LiveInjector } from './internal/live-injector.js';
import { writeLiveManifest } from './internal/live-manifest-writer.js';
import { isLiveContext, resolveLiveOptions } from './internal/live-options.js';
import { LiveSession } from './internal/live-session.js';
import type { TetherDebugStack } from './tether-debug-stack.js';
import type { TetherProps } from './tether-props.js';

const ENABLED = Symbol.for('@tether/debug-stack.enabled');

/**
 * Live mode for a CDK app. One line right after `new App()` makes it
 * available; the context value `tether:live=true` (set by the Tether CLI)
 * switches it on. Off, it changes nothing at all.
 *
 * @example
 * ```ts
 * const app = new App();
 * Tether.enable(app, { app: 'shop' });
 * new ShopStack(app, 'Shop');
 * ```
 */
export class Tether {
  /**
   * Prepares live mode for `app`. Call it before any function is made:
   * functions made earlier are never turned live.
   *
   * @throws {TetherError} `ALREADY_ENABLED` on a second call for one app;
   *   in live mode also `APP_REQUIRED`, `INVALID_APP_NAME`,
   *   `STAGE_REQUIRED`, `INVALID_STAGE_NAME`, `INVALID_CONTEXT`,
   *   `INVALID_TIMEOUT`, `ASSET_NOT_FOUND`; at synth `INJECTOR_REPLACED`
   *   when another injector for `lambda.Function` replaced Tether's and
   *   `DEBUG_STACK_CONFLICT` when another stack has the debug stack's name
   */
  static enable(app: App, props: TetherProps = {}): Tether {
    if (ENABLED in app) {
      throw new TetherError(
        'ALREADY_ENABLED',
        `Tether is already enabled on the app at ${app.outdir}`,
      );
    }
    Object.defineProperty(app, ENABLED, { value: true });
    if (!isLiveContext(app)) return new Tether(undefined);
    const session = new LiveSession(app, resolveLiveOptions(app, props));
    const injectors = PropertyInjectors.of(app);
    const previous = injectors.for(LambdaFunction.PROPERTY_INJECTION_ID);
    const injector = new LiveInjector(session, previous);
    injectors.add(injector);
    Aspects.of(app).add(new LiveAspect(session, injector));
    // Custom synthesis is how the manifest reaches the assembly
    // directory that the CDK toolkit picked (CDK_OUTDIR).
    attachCustomSynthesis(app, {
      onSynthesize: (synthesis) => writeLiveManifest(session, synthesis.outdir),
    });
    return new Tether(session);
  }

  readonly #session: LiveSession | undefined;

  private constructor(session: LiveSession | undefined) {
    this.#session = session;
  }

  /** Whether live mode is on. */
  get live(): boolean {
    return this.#session !== undefined;
  }

  /** The app name, when live mode is on. */
  get appName(): string | undefined {
    return this.#session?.options.app;
  }

  /** The stage, when live mode is on. */
  get stage(): string | undefined {
    return this.#session?.options.stage;
  }

  /**
   * The debug stack, when live mode is on: made here if no function
   * needed it yet.
   */
  get debugStack(): TetherDebugStack | undefined {
    return this.#session?.ensureDebugStack();
  }
}
