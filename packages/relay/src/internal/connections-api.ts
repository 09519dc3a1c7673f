import {
  type ApiGatewayManagementApiClient,
  DeleteConnectionCommand,
  PostToConnectionCommand,
} from '@aws-sdk/client-apigatewaymanagementapi';

/** Makes the @connections client for one endpoint. */
export type ManagementClientFactory = (
  endpoint: string,
) => ApiGatewayManagementApiClient;

/** What became of a message posted to a connection. */
export type PostOutcome = 'sent' | 'gone';

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|localhost|\[::1\]|::1)(:\d+)?$/;

/**
 * The @connections endpoint of the API that delivered an event:
 * `http://` for a loopback host (local-cloud), `https://` otherwise.
 */
export function managementEndpoint(domainName: string, stage: string): string {
  const scheme = LOOPBACK.test(domainName) ? 'http' : 'https';
  return `${scheme}://${domainName}/${stage}`;
}

/** Posts to and closes connections, one client per endpoint. */
export class ConnectionsApi {
  readonly #clients = new Map<string, ApiGatewayManagementApiClient>();
  readonly #create: ManagementClientFactory;

  constructor(create: ManagementClientFactory) {
    this.#create = create;
  }

  async post(
    endpoint: string,
    connectionId: string,
    message: unknown,
  ): Promise<PostOutcome> {
    const data = new TextEncoder().encode(JSON.stringify(message));
    try {
      await this.#client(endpoint).send(
        new PostToConnectionCommand({ ConnectionId: connectionId, Data: data }),
      );
      return 'sent';
    } catch (error) {
      if (isGone(error)) return 'gone';
      throw error;
    }
  }

  async disconnect(endpoint: string, connectionId: string): Promise<void> {
    try {
      await this.#client(endpoint).send(
        new DeleteConnectionCommand({ ConnectionId: connectionId }),
      );
    } catch (error) {
      if (!isGone(error)) throw error;
    }
  }

  #client(endpoint: string): ApiGatewayManagementApiClient {
    let client = this.#clients.get(endpoint);
    if (client === undefined) {
      client = this.#create(endpoint);
      this.#clients.set(endpoint, client);
    }
    return client;
  }
}

function isGone(error: unknown): boolean {
  const e = error as { name?: string; $metadata?: { httpStatusCode?: number } };
  return e.name === 'GoneException' || e.$metadata?.httpStatusCode === 410;
}
