import { describe, expect, it } from 'vitest';
import { identify } from '../../src/assembly/identity.js';

const base = {
  stackName: 'Web',
  region: 'eu-west-1',
  accountId: '123456789012',
};

describe('identify', () => {
  it('gives a queue its URL as Ref and its ARN and name as attributes', () => {
    const queue = identify({
      ...base,
      logicalId: 'Jobs1234ABCD',
      type: 'AWS::SQS::Queue',
      properties: {},
    });

    const name = queue.attributes.QueueName as string;
    expect(name).toMatch(/^Web-Jobs1234ABCD-[A-Z0-9]+$/);
    expect(queue.ref).toBe(
      `https://sqs.eu-west-1.amazonaws.com/123456789012/${name}`,
    );
    expect(queue.attributes.Arn).toBe(
      `arn:aws:sqs:eu-west-1:123456789012:${name}`,
    );
    expect(queue.attributes.QueueUrl).toBe(queue.ref);
  });

  it('ends a generated FIFO queue name in .fifo', () => {
    const queue = identify({
      ...base,
      logicalId: 'Orders',
      type: 'AWS::SQS::Queue',
      properties: { FifoQueue: true },
    });

    expect(queue.attributes.QueueName).toMatch(/^Web-Orders-[A-Z0-9]+\.fifo$/);
  });

  it('gives a topic its ARN as Ref', () => {
    const topic = identify({
      ...base,
      logicalId: 'Events',
      type: 'AWS::SNS::Topic',
      properties: { TopicName: 'events' },
    });

    expect(topic.ref).toBe('arn:aws:sns:eu-west-1:123456789012:events');
    expect(topic.attributes).toEqual({
      TopicArn: 'arn:aws:sns:eu-west-1:123456789012:events',
      TopicName: 'events',
    });
  });
});
