/**
 * The function name in a Lambda ARN, or in an API Gateway integration URI
 * (`arn:aws:apigateway:…:lambda:path/2015-03-31/functions/{arn}/invocations`);
 * `undefined` when the value names no function.
 *
 * @example
 * functionNameOf('arn:aws:lambda:us-east-1:1:function:Hello'); // 'Hello'
 */
export function functionNameOf(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const match = /:function:([^:/]+)/.exec(value);
  return match?.[1];
}
