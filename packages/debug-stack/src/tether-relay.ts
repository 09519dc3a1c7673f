import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { WebSocketApi, WebSocketStage } from 'aws-cdk-lib/aws-apigatewayv2';
import { WebSocketIamAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import {
  WebSocketLambdaIntegration,
  WebSocketMockIntegration,
} from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { AttributeType, BillingMode, Table } from 'aws-cdk-lib/aws-dynamodb';
import {
  Grant,
  type IGrantable,
  PolicyStatement,
  Role,
  ServicePrincipal,
} from 'aws-cdk-lib/aws-iam';
import {
  Architecture,
  Code,
  Function as LambdaFunction,
  Runtime,
} from 'aws-cdk-lib/aws-lambda';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import {
  BlockPublicAccess,
  Bucket,
  BucketEncryption,
} from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { ASSET_PACKAGES, resolveAssetDir } from './internal/assets.js';
import { validateAppName, validateStageName } from './internal/names.js';
import { markRelayScope } from './internal/relay-scope.js';

/** The actions the relay's Lambda routes handle (contract section 1). */
export const RELAY_ROUTES = Object.freeze([
  '$connect',
  '$disconnect',
  '$default',
  'register',
  'invoke',
  'resume',
  'ack',
  'result',
  'error',
] as const);

/** The keep-alive route, answered by a mock integration. */
export const KEEP_ALIVE_ROUTE = 'ping';

/** The key prefix of spilled payloads in the bucket. */
export const PAYLOAD_PREFIX = 'payloads/';

/** The relay table's partition key and TTL attribute. */
export const RELAY_TABLE_KEYS = Object.freeze({
  partitionKey: 'pk',
  timeToLive: 'expiresAt',
} as const);

// The relay's exact DynamoDB calls (packages/relay/src/internal/table.ts).
const TABLE_ACTIONS = [
  'dynamodb:GetItem',
  'dynamodb:BatchGetItem',
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
];

const PAYLOAD_ACTIONS = ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'];

interface Access {
  actions: string[];
  resourceArns: string[];
}

/** Properties of {@link TetherRelay}. */
export interface TetherRelayProps {
  /** The app name: letters, digits and hyphens, starting with a letter. */
  readonly appName: string;
  /**
   * The stage name, also the WebSocket API's stage: letters, digits and
   * hyphens.
   */
  readonly stage: string;
  /**
   * A folder holding the relay's built `index.js`, in place of
   * `@tether/relay`'s asset. For testing a relay build.
   * @default the folder of `@tether/relay/asset`
   */
  readonly relayAssetDir?: string;
  /**
   * How long the relay's logs are kept.
   * @default RetentionDays.ONE_WEEK
   */
  readonly logRetention?: RetentionDays;
}

/**
 * Everything the relay needs: the WebSocket API (IAM-authorized
 * `$connect`, Lambda routes, a mock `ping` route, an auto-deployed stage),
 * the relay function, its DynamoDB table and the bucket for spilled
 * payloads. Use it inside any stack, or use {@link TetherDebugStack}.
 *
 * @throws {TetherError} `INVALID_APP_NAME`, `INVALID_STAGE_NAME`,
 *   `ASSET_NOT_FOUND`
 * @example
 * ```ts
 * const relay = new TetherRelay(stack, 'Relay', {
 *   appName: 'shop',
 *   stage: 'alice',
 * });
 * relay.grantConnect(someFunction);
 * ```
 */
export class TetherRelay extends Construct {
  /** The WebSocket API. */
  readonly api: WebSocketApi;
  /** The API's auto-deployed stage, named after the Tether stage. */
  readonly webSocketStage: WebSocketStage;
  /** The relay function behind the Lambda routes. */
  readonly relayFunction: LambdaFunction;
  /** Connections and registrations (`pk` string key, `expiresAt` TTL). */
  readonly table: Table;
  /** Payloads too big for a WebSocket frame, under `payloads/`. */
  readonly bucket: Bucket;

  constructor(scope: Construct, id: string, props: TetherRelayProps) {
    super(scope, id);
    // Marked first: the relay function must never be turned live itself.
    markRelayScope(this);
    validateAppName(props.appName);
    validateStageName(props.stage);
    this.table = this.createTable();
    this.bucket = this.createBucket();
    this.relayFunction = this.createFunction(props);
    this.api = this.createApi(props);
    this.webSocketStage = new WebSocketStage(this, 'Stage', {
      webSocketApi: this.api,
      stageName: props.stage,
      autoDeploy: true,
    });
    this.grantRelay();
  }

  /** The stage's WebSocket URL (`wss://…/stage`). */
  get url(): string {
    return this.webSocketStage.url;
  }

  /** The ARN a client needs `execute-api:Connect` on to open a socket. */
  get connectArn(): string {
    return this.api.arnForExecuteApiV2(
      '$connect',
      this.webSocketStage.stageName,
    );
  }

  /** Lets `grantee` open connections: `execute-api:Connect` on `$connect`. */
  grantConnect(grantee: IGrantable): Grant {
    return Grant.addToPrincipal({ grantee, ...this.connectAccess() });
  }

  /** Lets `grantee` read, write and delete objects under `payloads/`. */
  grantPayloads(grantee: IGrantable): Grant {
    return Grant.addToPrincipal({ grantee, ...this.payloadAccess() });
  }

  /**
   * The statements of {@link grantConnect} and {@link grantPayloads}, for
   * a role that does not exist yet (a function's `initialPolicy`).
   */
  stubStatements(): PolicyStatement[] {
    return [this.connectAccess(), this.payloadAccess()].map(
      (access) =>
        new PolicyStatement({
          actions: access.actions,
          resources: access.resourceArns,
        }),
    );
  }

  private connectAccess(): Access {
    return {
      actions: ['execute-api:Connect'],
      resourceArns: [this.connectArn],
    };
  }

  private payloadAccess(): Access {
    return {
      actions: PAYLOAD_ACTIONS,
      resourceArns: [this.bucket.arnForObjects(`${PAYLOAD_PREFIX}*`)],
    };
  }

  private createTable(): Table {
    return new Table(this, 'Table', {
      partitionKey: {
        name: RELAY_TABLE_KEYS.partitionKey,
        type: AttributeType.STRING,
      },
      billingMode: BillingMode.PAY_PER_REQUEST,
      timeToLiveAttribute: RELAY_TABLE_KEYS.timeToLive,
      removalPolicy: RemovalPolicy.DESTROY,
    });
  }

  private createBucket(): Bucket {
    return new Bucket(this, 'Bucket', {
      encryption: BucketEncryption.S3_MANAGED,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      lifecycleRules: [
        {
          prefix: PAYLOAD_PREFIX,
          expiration: Duration.days(1),
          abortIncompleteMultipartUploadAfter: Duration.days(1),
        },
      ],
      autoDeleteObjects: true,
      removalPolicy: RemovalPolicy.DESTROY,
    });
  }

  private createFunction(props: TetherRelayProps): LambdaFunction {
    const directory = resolveAssetDir(
      ASSET_PACKAGES.relay,
      props.relayAssetDir,
    );
    const logGroup = new LogGroup(this, 'Logs', {
      retention: props.logRetention ?? RetentionDays.ONE_WEEK,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    // Its own role, not CDK's default: that one carries the managed
    // AWSLambdaBasicExecutionRole, which writes logs anywhere ("*").
    const role = new Role(this, 'FunctionRole', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
    });
    logGroup.grantWrite(role);
    return new LambdaFunction(this, 'Function', {
      role,
      runtime: Runtime.NODEJS_22_X,
      architecture: Architecture.ARM_64,
      code: Code.fromAsset(directory),
      handler: 'index.handler',
      memorySize: 256,
      timeout: Duration.seconds(10),
      environment: { TETHER_TABLE: this.table.tableName },
      logGroup,
      description: `Tether relay for ${props.appName}/${props.stage}`,
    });
  }

  private createApi(props: TetherRelayProps): WebSocketApi {
    const relay = new WebSocketLambdaIntegration('Relay', this.relayFunction);
    const api = new WebSocketApi(this, 'Api', {
      apiName: `tether-${props.appName}-${props.stage}`,
      routeSelectionExpression: '$request.body.action',
      connectRouteOptions: {
        integration: relay,
        authorizer: new WebSocketIamAuthorizer(),
      },
      disconnectRouteOptions: { integration: relay },
      defaultRouteOptions: { integration: relay },
    });
    for (const route of RELAY_ROUTES) {
      if (route.startsWith('$')) continue;
      api.addRoute(route, { integration: relay });
    }
    api.addRoute(KEEP_ALIVE_ROUTE, {
      integration: new WebSocketMockIntegration('KeepAlive', {
        requestTemplates: { $default: '{"statusCode": 200}' },
        templateSelectionExpression: '\\$default',
      }),
    });
    return api;
  }

  private grantRelay(): void {
    this.relayFunction.addToRolePolicy(
      new PolicyStatement({
        actions: TABLE_ACTIONS,
        resources: [this.table.tableArn],
      }),
    );
    this.webSocketStage.grantManagementApiAccess(this.relayFunction);
  }
}
