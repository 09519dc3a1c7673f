import { randomUUID } from 'node:crypto';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import type {
  APIGatewayProxyEventV2,
  APIGatewayProxyResultV2,
} from 'aws-lambda';
import { documents, json, tableName } from './notes-table.js';

/** `POST /notes`: stores `{ "text": "…" }` and returns the new note. */
export async function handler(
  event: APIGatewayProxyEventV2,
): Promise<APIGatewayProxyResultV2> {
  const text = readText(event);
  if (text === undefined) {
    return json(400, { message: 'send a JSON body like {"text":"…"}' });
  }
  const note = { id: randomUUID(), text, createdAt: new Date().toISOString() };
  await documents.send(new PutCommand({ TableName: tableName, Item: note }));
  return json(201, note);
}

function readText(event: APIGatewayProxyEventV2): string | undefined {
  if (event.body === undefined) return undefined;
  const raw = event.isBase64Encoded
    ? Buffer.from(event.body, 'base64').toString('utf8')
    : event.body;
  try {
    const parsed: unknown = JSON.parse(raw);
    const text = (parsed as { text?: unknown }).text;
    return typeof text === 'string' ? text : undefined;
  } catch {
    return undefined;
  }
}
