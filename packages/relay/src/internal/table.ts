import {
  type AttributeValue,
  BatchGetItemCommand,
  ConditionalCheckFailedException,
  DeleteItemCommand,
  type DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';

/** The kind a connection declared at `$connect`. */
export type ConnectionKind = 'runner' | 'stub';

/** Who is behind a connection, as API Gateway saw it at `$connect`. */
export interface ConnectionRecord {
  connectionId: string;
  kind: ConnectionKind;
  identity: string;
  connectedAt: number;
  /** Set once the connection registered as a stage's runner. */
  registered?: { app: string; stage: string; runner: string };
}

/** The runner registered for an app and stage. */
export interface RunnerRecord {
  app: string;
  stage: string;
  runner: string;
  connectionId: string;
  functions: string[];
  registeredAt: number;
  /**
   * The same runner's connection this one took over from, which the
   * stage falls back to if this one goes first (a handover the runner
   * abandoned).
   */
  previous?: string;
}

type Item = Record<string, AttributeValue>;

/**
 * The relay's single DynamoDB table. The key is one string attribute,
 * `pk`: `connection#<id>` for a connection, `runner#<app>#<stage>` (each
 * part URI-encoded) for a registration. `expiresAt` (epoch seconds) is the
 * TTL attribute: items outlive API Gateway's 2-hour connection limit only
 * by the margin given.
 */
export class RelayTable {
  readonly #client: DynamoDBClient;
  readonly #name: string;
  readonly #ttlSeconds: number;

  constructor(client: DynamoDBClient, name: string, ttlSeconds: number) {
    this.#client = client;
    this.#name = name;
    this.#ttlSeconds = ttlSeconds;
  }

  async putConnection(record: ConnectionRecord): Promise<void> {
    const item: Item = {
      pk: { S: connectionKey(record.connectionId) },
      kind: { S: record.kind },
      identity: { S: record.identity },
      connectedAt: { N: String(record.connectedAt) },
      expiresAt: { N: this.#expiresAt(record.connectedAt) },
    };
    await this.#client.send(
      new PutItemCommand({ TableName: this.#name, Item: item }),
    );
  }

  /** The stage's registration, read consistently. */
  async getRunner(
    app: string,
    stage: string,
  ): Promise<RunnerRecord | undefined> {
    const { Item } = await this.#client.send(
      new GetItemCommand({
        TableName: this.#name,
        Key: { pk: { S: runnerKey(app, stage) } },
        ConsistentRead: true,
      }),
    );
    return Item === undefined ? undefined : toRunner(Item);
  }

  async getConnection(id: string): Promise<ConnectionRecord | undefined> {
    const { Item } = await this.#client.send(
      new GetItemCommand({
        TableName: this.#name,
        Key: { pk: { S: connectionKey(id) } },
        ConsistentRead: true,
      }),
    );
    return Item === undefined ? undefined : toConnection(Item);
  }

  async deleteConnection(id: string): Promise<ConnectionRecord | undefined> {
    const { Attributes } = await this.#client.send(
      new DeleteItemCommand({
        TableName: this.#name,
        Key: { pk: { S: connectionKey(id) } },
        ReturnValues: 'ALL_OLD',
      }),
    );
    return Attributes === undefined ? undefined : toConnection(Attributes);
  }

  /**
   * Marks a connection as the registered runner of a stage. False when
   * the connection is gone (its `$disconnect` has run).
   */
  async markRegistered(
    id: string,
    registered: NonNullable<ConnectionRecord['registered']>,
  ): Promise<boolean> {
    return this.#client
      .send(
        new UpdateItemCommand({
          TableName: this.#name,
          Key: { pk: { S: connectionKey(id) } },
          UpdateExpression: 'SET app = :a, stage = :s, runner = :r',
          // The connection may have dropped meanwhile: do not resurrect it.
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeValues: {
            ':a': { S: registered.app },
            ':s': { S: registered.stage },
            ':r': { S: registered.runner },
          },
        }),
      )
      .then(() => true, ignoreConditionFailure);
  }

  /** Stores a registration and returns the one it replaced. */
  async putRunner(record: RunnerRecord): Promise<RunnerRecord | undefined> {
    const { Attributes } = await this.#client.send(
      new PutItemCommand({
        TableName: this.#name,
        Item: this.#runnerItem(record),
        ReturnValues: 'ALL_OLD',
      }),
    );
    return Attributes === undefined ? undefined : toRunner(Attributes);
  }

  /**
   * Stores a registration in place of the one naming `connectionId`.
   * False when the stage's registration names another connection (or
   * none) by now.
   */
  async replaceRunner(
    record: RunnerRecord,
    connectionId: string,
  ): Promise<boolean> {
    return this.#client
      .send(
        new PutItemCommand({
          TableName: this.#name,
          Item: this.#runnerItem(record),
          ConditionExpression: 'connectionId = :c',
          ExpressionAttributeValues: { ':c': { S: connectionId } },
        }),
      )
      .then(() => true, ignoreConditionFailure);
  }

  #runnerItem(record: RunnerRecord): Item {
    const item: Item = {
      pk: { S: runnerKey(record.app, record.stage) },
      app: { S: record.app },
      stage: { S: record.stage },
      runner: { S: record.runner },
      connectionId: { S: record.connectionId },
      functions: { L: record.functions.map((f) => ({ S: f })) },
      registeredAt: { N: String(record.registeredAt) },
      expiresAt: { N: this.#expiresAt(record.registeredAt) },
    };
    if (record.previous !== undefined) item.previous = { S: record.previous };
    return item;
  }

  /**
   * Removes a registration only if it still names `connectionId`; false
   * when it did not.
   */
  async deleteRunner(
    app: string,
    stage: string,
    connectionId: string,
  ): Promise<boolean> {
    return this.#client
      .send(
        new DeleteItemCommand({
          TableName: this.#name,
          Key: { pk: { S: runnerKey(app, stage) } },
          ConditionExpression: 'connectionId = :c',
          ExpressionAttributeValues: { ':c': { S: connectionId } },
        }),
      )
      .then(() => true, ignoreConditionFailure);
  }

  /**
   * Reads a connection and a registration in one request: the single read
   * an invocation may cost.
   */
  async lookUp(query: {
    connectionId?: string;
    app: string;
    stage: string;
  }): Promise<{ connection?: ConnectionRecord; runner?: RunnerRecord }> {
    const keys = [{ pk: { S: runnerKey(query.app, query.stage) } }];
    if (query.connectionId !== undefined) {
      keys.push({ pk: { S: connectionKey(query.connectionId) } });
    }
    const { Responses } = await this.#client.send(
      new BatchGetItemCommand({
        RequestItems: {
          [this.#name]: { Keys: keys, ConsistentRead: true },
        },
      }),
    );
    const found: { connection?: ConnectionRecord; runner?: RunnerRecord } = {};
    for (const item of Responses?.[this.#name] ?? []) {
      if (item.pk?.S?.startsWith('runner#')) found.runner = toRunner(item);
      else found.connection = toConnection(item);
    }
    return found;
  }

  #expiresAt(fromMs: number): string {
    return String(Math.ceil(fromMs / 1000) + this.#ttlSeconds);
  }
}

function connectionKey(id: string): string {
  return `connection#${id}`;
}

function runnerKey(app: string, stage: string): string {
  return `runner#${encodeURIComponent(app)}#${encodeURIComponent(stage)}`;
}

function toConnection(item: Item): ConnectionRecord {
  const record: ConnectionRecord = {
    connectionId: (item.pk?.S ?? '').slice('connection#'.length),
    kind: item.kind?.S === 'runner' ? 'runner' : 'stub',
    identity: item.identity?.S ?? '',
    connectedAt: Number(item.connectedAt?.N ?? 0),
  };
  const { app, stage, runner } = item;
  if (app?.S !== undefined && stage?.S !== undefined && runner?.S) {
    record.registered = { app: app.S, stage: stage.S, runner: runner.S };
  }
  return record;
}

function toRunner(item: Item): RunnerRecord {
  const record: RunnerRecord = {
    app: item.app?.S ?? '',
    stage: item.stage?.S ?? '',
    runner: item.runner?.S ?? '',
    connectionId: item.connectionId?.S ?? '',
    functions: (item.functions?.L ?? []).map((f) => f.S ?? ''),
    registeredAt: Number(item.registeredAt?.N ?? 0),
  };
  if (item.previous?.S) record.previous = item.previous.S;
  return record;
}

/** A failed condition is an answer (false); anything else is thrown. */
function ignoreConditionFailure(error: unknown): false {
  if (error instanceof ConditionalCheckFailedException) return false;
  if ((error as { name?: string }).name === 'ConditionalCheckFailedException') {
    return false;
  }
  throw error;
}
