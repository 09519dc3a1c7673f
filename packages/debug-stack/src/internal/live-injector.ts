import type { InjectionContext, IPropertyInjector } from 'aws-cdk-lib';
import { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import type { LambdaPropsView } from './lambda-props.js';
import type { LiveSession } from './live-session.js';

/**
 * Receives the props of every `lambda.Function` (a `NodejsFunction`'s
 * among them) made below the app after it is added. An injector that was
 * already there for functions runs first, so the app keeps its own.
 */
export class LiveInjector implements IPropertyInjector {
  readonly constructUniqueId = LambdaFunction.PROPERTY_INJECTION_ID;
  readonly #session: LiveSession;
  readonly #previous: IPropertyInjector | undefined;

  constructor(session: LiveSession, previous?: IPropertyInjector) {
    this.#session = session;
    this.#previous = previous;
  }

  inject(originalProps: LambdaPropsView, context: InjectionContext): unknown {
    const props = (this.#previous?.inject(originalProps, context) ??
      originalProps) as LambdaPropsView;
    return this.#session.transform(props, context);
  }
}
