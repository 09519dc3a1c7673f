import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type {
  APIGatewayProxyEventV2,
  APIGatewayProxyResultV2,
} from 'aws-lambda';
import { documents, json, tableName } from './notes-table.js';

/** `GET /notes/{id}`: the stored note, or 404. */
export async function handler(
  event: APIGatewayProxyEventV2,
): Promise<APIGatewayProxyResultV2> {
  const id = event.pathParameters?.id;
  if (!id) return json(400, { message: 'missing note id' });
  const { Item } = await documents.send(
    new GetCommand({ TableName: tableName, Key: { id } }),
  );
  return Item ? json(200, Item) : json(404, { message: `no note ${id}` });
}
