import path from 'node:path';
import type { StackProps } from 'aws-cdk-lib';
import { CfnOutput, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { HttpApi, HttpMethod } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { AttributeType, BillingMode, Table } from 'aws-cdk-lib/aws-dynamodb';
import { Runtime } from 'aws-cdk-lib/aws-lambda';
import type { NodejsFunctionProps } from 'aws-cdk-lib/aws-lambda-nodejs';
import { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import type { Construct } from 'constructs';

const handlers = path.join(import.meta.dirname, '../src/handlers');

/** The routes of the example API: method, path, construct id, source file. */
const ROUTES = [
  [HttpMethod.GET, '/hello', 'Hello', 'hello.ts'],
  [HttpMethod.POST, '/notes', 'CreateNote', 'create-note.ts'],
  [HttpMethod.GET, '/notes/{id}', 'GetNote', 'get-note.ts'],
  [HttpMethod.GET, '/logo.png', 'Logo', 'logo.ts'],
  [HttpMethod.GET, '/big', 'Big', 'big.ts'],
] as const;

/**
 * An HTTP API backed by TypeScript Lambda handlers and a DynamoDB table,
 * plus three functions meant to be invoked directly: Echo, Slow and Fail.
 */
export class HttpApiStack extends Stack {
  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);
    const table = new Table(this, 'Notes', {
      partitionKey: { name: 'id', type: AttributeType.STRING },
      billingMode: BillingMode.PAY_PER_REQUEST,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    const api = new HttpApi(this, 'Api');
    for (const [method, routePath, id, file] of ROUTES) {
      const fn = this.addFunction(id, file, {
        environment: { TABLE_NAME: table.tableName },
      });
      table.grantReadWriteData(fn);
      api.addRoutes({
        path: routePath,
        methods: [method],
        integration: new HttpLambdaIntegration(`${id}Route`, fn),
      });
    }
    this.addFunction('Echo', 'echo.ts');
    this.addFunction('Slow', 'slow.ts', { timeout: Duration.seconds(30) });
    this.addFunction('Fail', 'fail.ts');
    new CfnOutput(this, 'ApiUrl', { value: api.apiEndpoint });
    new CfnOutput(this, 'TableName', { value: table.tableName });
  }

  private addFunction(id: string, file: string, props?: NodejsFunctionProps) {
    return new NodejsFunction(this, id, {
      entry: path.join(handlers, file),
      runtime: Runtime.NODEJS_22_X,
      memorySize: 256,
      timeout: Duration.seconds(10),
      ...props,
    });
  }
}
