import { Tether } from '@tether/debug-stack';
import { App } from 'aws-cdk-lib';
import { HttpApiStack } from '../lib/http-api-stack.js';

const app = new App();
// The one-line setup: in live mode (`tether dev`) every function below is
// replaced by a stub that forwards its invocations to this machine.
Tether.enable(app, { app: 'http-api' });

new HttpApiStack(app, 'HttpApiExample');
