import { Annotations, type IAspect } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import { NOT_LIVE_WARNING } from '../annotations.js';
import type { LiveSession } from './live-session.js';

/**
 * Finishes live mode before synthesis: makes the debug stack when no
 * function needed it yet, and puts each warning on its function.
 */
export class LiveAspect implements IAspect {
  readonly #session: LiveSession;

  constructor(session: LiveSession) {
    this.#session = session;
  }

  visit(node: IConstruct): void {
    if (node === this.#session.app) this.#session.ensureDebugStack();
    const warning = this.#session.warnings.get(node.node.path);
    if (warning !== undefined) {
      Annotations.of(node).addWarningV2(NOT_LIVE_WARNING, warning);
    }
  }
}
