// Types accepted without anything to run: permissions, logging and CDK's
// bookkeeping. API Gateway parts are read by the API planners.
const ACCEPTED = new Set([
  'AWS::Lambda::Permission',
  'AWS::Logs::LogGroup',
  'AWS::ApiGateway::Account',
  'AWS::CDK::Metadata',
  'AWS::S3::BucketPolicy',
  'AWS::ApiGateway::Deployment',
  'AWS::ApiGateway::Stage',
  'AWS::ApiGateway::Resource',
  'AWS::ApiGateway::Method',
  'AWS::ApiGateway::Authorizer',
  'AWS::ApiGatewayV2::Deployment',
  'AWS::ApiGatewayV2::Stage',
  'AWS::ApiGatewayV2::Route',
  'AWS::ApiGatewayV2::RouteResponse',
  'AWS::ApiGatewayV2::Integration',
  'AWS::ApiGatewayV2::IntegrationResponse',
  'AWS::ApiGatewayV2::Authorizer',
]);

// Custom resources that only tidy up after the app in AWS.
const TIDY_UP = new Set([
  'Custom::S3AutoDeleteObjects',
  'Custom::LogRetention',
]);

/** How the planner treats a resource type. */
export type TypeSupport = 'run' | 'accept' | 'skip' | 'unsupported';

const RUN = new Set([
  'AWS::Lambda::Function',
  'AWS::DynamoDB::Table',
  'AWS::S3::Bucket',
  'AWS::ApiGatewayV2::Api',
  'AWS::ApiGateway::RestApi',
]);

/** Whether a resource type is run, accepted, skipped or unsupported. */
export function supportOf(type: string): TypeSupport {
  if (RUN.has(type)) return 'run';
  if (ACCEPTED.has(type) || type.startsWith('AWS::IAM::')) return 'accept';
  if (TIDY_UP.has(type)) return 'skip';
  return 'unsupported';
}
