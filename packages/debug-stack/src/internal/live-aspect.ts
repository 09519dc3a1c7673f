import {
  Annotations,
  type IAspect,
  type IPropertyInjector,
  PropertyInjectors,
  Stack,
} from 'aws-cdk-lib';
import { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import type { IConstruct } from 'constructs';
import { NOT_LIVE_WARNING } from '../annotations.js';
import { TetherError } from '../errors.js';
import type { LiveSession } from './live-session.js';

/**
 * Finishes live mode before synthesis: checks that Tether's injector was
 * not replaced, makes the debug stack when no function needed it yet, and
 * puts each warning on its function, including on functions the injector
 * never received.
 */
export class LiveAspect implements IAspect {
  readonly #session: LiveSession;
  readonly #injector: IPropertyInjector;

  constructor(session: LiveSession, injector: IPropertyInjector) {
    this.#session = session;
    this.#injector = injector;
  }

  /**
   * @throws {TetherError} `INJECTOR_REPLACED` when the app's injector for
   *   functions is no longer Tether's; `DEBUG_STACK_CONFLICT` when another
   *   stack of the app has the debug stack's name
   */
  visit(node: IConstruct): void {
    if (node === this.#session.app) {
      this.checkInjector();
      this.checkDebugStackName();
    }
    putWarning(this.#session.warnings, node);
    this.checkSeen(node);
  }

  // A function the injector never received was made before Tether.enable
  // or below an injector of a nearer scope: say so rather than be silent.
  private checkSeen(node: IConstruct): void {
    if (!(node instanceof LambdaFunction)) return;
    if (this.#session.seen.has(node.node.path)) return;
    Annotations.of(node).addWarningV2(
      NOT_LIVE_WARNING,
      `${node.node.path} stays as deployed in live mode: Tether never saw ` +
        'it (made before Tether.enable, or below a PropertyInjector for ' +
        'lambda.Function of a stack or construct)',
    );
  }

  // Live mode makes the debug stack itself; another stack of that name
  // (a TetherDebugStack of the app's own) would deploy over it.
  private checkDebugStackName(): void {
    const debug = this.#session.ensureDebugStack();
    const twin = this.#session.app.node.children.find(
      (child) =>
        Stack.isStack(child) &&
        child !== debug &&
        child.stackName === debug.stackName,
    );
    if (twin === undefined) return;
    throw new TetherError(
      'DEBUG_STACK_CONFLICT',
      `${twin.node.path} has the name of live mode's own debug stack ` +
        `${debug.stackName}: in live mode, leave it out of the app`,
    );
  }

  // The CDK keeps one injector per class and scope: a later `add` for
  // functions on the app drops Tether's, and no function would go live.
  private checkInjector(): void {
    const id = LambdaFunction.PROPERTY_INJECTION_ID;
    if (PropertyInjectors.of(this.#session.app).for(id) === this.#injector) {
      return;
    }
    throw new TetherError(
      'INJECTOR_REPLACED',
      'a PropertyInjector for lambda.Function was added to the app after ' +
        "Tether.enable and replaced Tether's: add it before calling " +
        'Tether.enable (Tether runs it first)',
    );
  }
}

/**
 * Puts the warnings on functions inside a nested `Stage`, which the CDK
 * synthesizes apart: the app's aspects never visit them.
 */
export class StageWarningAspect implements IAspect {
  readonly #warnings: ReadonlyMap<string, string>;

  constructor(warnings: ReadonlyMap<string, string>) {
    this.#warnings = warnings;
  }

  visit(node: IConstruct): void {
    putWarning(this.#warnings, node);
  }
}

function putWarning(
  warnings: ReadonlyMap<string, string>,
  node: IConstruct,
): void {
  const warning = warnings.get(node.node.path);
  if (warning !== undefined) {
    Annotations.of(node).addWarningV2(NOT_LIVE_WARNING, warning);
  }
}
