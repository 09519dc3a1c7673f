/** One AWS form of an API's address and its local replacement. */
export type UrlRewrite = readonly [aws: string, local: string];

/**
 * The rewrites of one API: its AWS host in `wss://`, `https://` and bare
 * forms to the local `ws://`, `http://` and `127.0.0.1:PORT` forms (paths,
 * such as the stage, are kept).
 *
 * @example
 * apiRewrites('https://abc.execute-api.us-east-1.amazonaws.com', 4000);
 */
export function apiRewrites(awsBase: string, port: number): UrlRewrite[] {
  const host = awsBase.replace(/^[a-z]+:\/\//, '');
  const local = `127.0.0.1:${port}`;
  return [
    [`wss://${host}`, `ws://${local}`],
    [`https://${host}`, `http://${local}`],
    [host, local],
  ];
}

/**
 * Rewrites every AWS API address inside `value` (strings in objects and
 * arrays included) to its local address.
 */
export function rewriteUrls<T>(value: T, rewrites: UrlRewrite[]): T {
  if (typeof value === 'string') {
    let text: string = value;
    for (const [aws, local] of rewrites) text = text.split(aws).join(local);
    return text as T;
  }
  if (Array.isArray(value)) {
    return value.map((item) => rewriteUrls(item, rewrites)) as T;
  }
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, rewriteUrls(v, rewrites)]),
    ) as T;
  }
  return value;
}
