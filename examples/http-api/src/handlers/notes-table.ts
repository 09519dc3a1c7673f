import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/** The table's name, set by the stack. */
export const tableName = process.env.TABLE_NAME ?? 'notes';

// One client per execution environment, reused across invocations. The SDK
// reads AWS_ENDPOINT_URL_DYNAMODB, so locally it reaches the emulated table.
export const documents = DynamoDBDocumentClient.from(new DynamoDBClient({}));

/** A JSON response with the given status. */
export function json(statusCode: number, body: unknown) {
  return {
    statusCode,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  };
}
