import type { APIGatewayProxyResultV2 } from 'aws-lambda';

/** `GET /big`: a JSON body of about 300 KB, more than a WebSocket frame. */
export async function handler(): Promise<APIGatewayProxyResultV2> {
  const items = Array.from({ length: 3000 }, (_, index) => ({
    index,
    // Varied text, so gzip cannot shrink the body to almost nothing.
    text: `item ${index} ${(index * 2654435761).toString(36).repeat(6)}`,
  }));
  return {
    statusCode: 200,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ count: items.length, items }),
  };
}
