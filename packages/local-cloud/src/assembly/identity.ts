import { physicalName, stableId } from './physical-names.js';

/** The values `Ref` and `Fn::GetAtt` give for one resource. */
export interface Identity {
  ref: string;
  attributes: Record<string, unknown>;
}

/** What identifying a resource needs to know. */
export interface IdentityInput {
  stackName: string;
  logicalId: string;
  type: string;
  properties: Record<string, unknown>;
  region: string;
  accountId: string;
}

type Identify = (input: IdentityInput) => Identity;

const DOMAIN = 'amazonaws.com';

function named(
  input: IdentityInput,
  property: string,
  maxLength: number,
  lower = false,
): string {
  const given = input.properties[property];
  if (typeof given === 'string' && given !== '') return given;
  return physicalName(input.stackName, input.logicalId, { maxLength, lower });
}

function arn(input: IdentityInput, service: string, resource: string) {
  return `arn:aws:${service}:${input.region}:${input.accountId}:${resource}`;
}

function shortId(input: IdentityInput, length: number): string {
  return stableId(`${input.stackName}/${input.logicalId}`, length, true);
}

function apiEndpoint(input: IdentityInput, id: string): string {
  const scheme =
    input.properties.ProtocolType === 'WEBSOCKET' ? 'wss' : 'https';
  return `${scheme}://${id}.execute-api.${input.region}.${DOMAIN}`;
}

const IDENTIFY: Record<string, Identify> = {
  'AWS::Lambda::Function': (input) => {
    const name = named(input, 'FunctionName', 64);
    return {
      ref: name,
      attributes: { Arn: arn(input, 'lambda', `function:${name}`) },
    };
  },
  'AWS::DynamoDB::Table': (input) => {
    const name = named(input, 'TableName', 255);
    const tableArn = arn(input, 'dynamodb', `table/${name}`);
    return {
      ref: name,
      attributes: { Arn: tableArn, StreamArn: `${tableArn}/stream/local` },
    };
  },
  'AWS::S3::Bucket': (input) => {
    const name = named(input, 'BucketName', 63, true);
    return {
      ref: name,
      attributes: {
        Arn: `arn:aws:s3:::${name}`,
        DomainName: `${name}.s3.${DOMAIN}`,
        RegionalDomainName: `${name}.s3.${input.region}.${DOMAIN}`,
        WebsiteURL: `http://${name}.s3-website-${input.region}.${DOMAIN}`,
      },
    };
  },
  // Queues and topics are not started, but functions often carry their
  // URL or ARN: these have AWS's shapes (a FIFO name ends in `.fifo`).
  'AWS::SQS::Queue': (input) => {
    const fifo = input.properties.FifoQueue === true;
    const generated = physicalName(input.stackName, input.logicalId, {
      maxLength: fifo ? 75 : 80,
    });
    const given = input.properties.QueueName;
    const name =
      typeof given === 'string' && given !== ''
        ? given
        : `${generated}${fifo ? '.fifo' : ''}`;
    const url = `https://sqs.${input.region}.${DOMAIN}/${input.accountId}/${name}`;
    return {
      ref: url,
      attributes: {
        Arn: arn(input, 'sqs', name),
        QueueName: name,
        QueueUrl: url,
      },
    };
  },
  'AWS::SNS::Topic': (input) => {
    const name = named(input, 'TopicName', 256);
    const topicArn = arn(input, 'sns', name);
    return {
      ref: topicArn,
      attributes: { TopicArn: topicArn, TopicName: name },
    };
  },
  'AWS::IAM::Role': (input) => {
    const name = named(input, 'RoleName', 64);
    return {
      ref: name,
      attributes: {
        Arn: `arn:aws:iam::${input.accountId}:role/${name}`,
        RoleId: `AROA${stableId(name, 17)}`,
      },
    };
  },
  'AWS::Logs::LogGroup': (input) => {
    const name = named(input, 'LogGroupName', 512);
    return {
      ref: name,
      attributes: { Arn: arn(input, 'logs', `log-group:${name}:*`) },
    };
  },
  'AWS::ApiGatewayV2::Api': (input) => {
    const id = shortId(input, 10);
    return {
      ref: id,
      attributes: { ApiId: id, ApiEndpoint: apiEndpoint(input, id) },
    };
  },
  'AWS::ApiGatewayV2::Stage': (input) => ({
    ref: String(input.properties.StageName),
    attributes: {},
  }),
  'AWS::ApiGateway::Stage': (input) => ({
    ref: String(input.properties.StageName),
    attributes: {},
  }),
  'AWS::ApiGateway::RestApi': (input) => {
    const id = shortId(input, 10);
    return {
      ref: id,
      attributes: { RestApiId: id, RootResourceId: stableId(id, 10, true) },
    };
  },
};

/**
 * The `Ref` value and attributes of a resource, shaped as AWS's are: names
 * for functions, tables, buckets and roles, ids for API Gateway parts, the
 * URL of a queue, the ARN of a topic, ARNs in the configured region and
 * account. Other types get a stable physical
 * id and an ARN-shaped `Arn`.
 */
export function identify(input: IdentityInput): Identity {
  const known = IDENTIFY[input.type];
  if (known) return known(input);
  const ref = input.type.startsWith('AWS::ApiGateway')
    ? shortId(input, 7)
    : physicalName(input.stackName, input.logicalId, { maxLength: 128 });
  const service = input.type.split('::')[1]?.toLowerCase() ?? 'unknown';
  return { ref, attributes: { Arn: arn(input, service, ref), Id: ref } };
}
