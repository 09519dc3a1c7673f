// biome-ignore-all lint/suspicious/noTemplateCurlyInString: Fn::Sub strings.
import { describe, expect, it } from 'vitest';
import { findReferences } from '../../src/intrinsics/references.js';
import {
  type ResolveContext,
  resolveValue,
} from '../../src/intrinsics/resolve.js';

const FUNCTION_ARN =
  'arn:aws:lambda:eu-west-1:123456789012:function:Web-Fn-ABC';

function context(conditions: Record<string, boolean> = {}): ResolveContext {
  const refs: Record<string, unknown> = {
    'AWS::Partition': 'aws',
    'AWS::Region': 'eu-west-1',
    'AWS::AccountId': '123456789012',
    'AWS::URLSuffix': 'amazonaws.com',
    Http36EFD62B: 'a1b2c3d4e5',
    Files8E6940B8: 'web-files-xyz',
    Stage: 'prod',
  };
  return {
    region: 'eu-west-1',
    mappings: { Sizes: { small: { memory: 128 } } },
    ref: (name) => {
      if (name in refs) return refs[name];
      throw Object.assign(new Error(`no ${name}`), {
        code: 'UNRESOLVED_REFERENCE',
      });
    },
    getAtt: (id, attribute) => {
      if (id === 'Fn' && attribute === 'Arn') return FUNCTION_ARN;
      if (id === 'Rest' && attribute === 'RootResourceId') return 'root123';
      throw new Error(`no ${id}.${attribute}`);
    },
    importValue: (name) => (name === 'Data:Table' ? 'Data-Items-1' : undefined),
    condition: (name) => conditions[name] ?? false,
  };
}

describe('resolveValue on shapes CDK emits', () => {
  it('joins a permission source ARN', () => {
    const value = {
      'Fn::Join': [
        '',
        [
          'arn:',
          { Ref: 'AWS::Partition' },
          ':execute-api:',
          { Ref: 'AWS::Region' },
          ':',
          { Ref: 'AWS::AccountId' },
          ':',
          { Ref: 'Http36EFD62B' },
          '/*/*/items/{id}',
        ],
      ],
    };

    const resolved = resolveValue(value, context());

    expect(resolved).toBe(
      'arn:aws:execute-api:eu-west-1:123456789012:a1b2c3d4e5/*/*/items/{id}',
    );
  });

  it('substitutes the asset bucket of the default synthesizer', () => {
    const value = {
      'Fn::Sub': 'cdk-hnb659fds-assets-${AWS::AccountId}-${AWS::Region}',
    };

    const resolved = resolveValue(value, context());

    expect(resolved).toBe('cdk-hnb659fds-assets-123456789012-eu-west-1');
  });

  it('selects from a split ARN, as a TOKEN authorizer URI does', () => {
    const arn = { 'Fn::GetAtt': ['Fn', 'Arn'] };
    const value = {
      'Fn::Join': [
        '',
        [
          'arn:',
          { 'Fn::Select': [1, { 'Fn::Split': [':', arn] }] },
          ':apigateway:',
          { 'Fn::Select': [3, { 'Fn::Split': [':', arn] }] },
          ':lambda:path/2015-03-31/functions/',
          arn,
          '/invocations',
        ],
      ],
    };

    const resolved = resolveValue(value, context());

    expect(resolved).toBe(
      `arn:aws:apigateway:eu-west-1:lambda:path/2015-03-31/functions/${FUNCTION_ARN}/invocations`,
    );
  });

  it('substitutes the list form, attributes and escaped literals', () => {
    const value = {
      'Fn::Sub': [
        'arn:${AWS::Partition}:s3:::${Bucket}/* ${Fn.Arn} ${!Literal}',
        { Bucket: { Ref: 'Files8E6940B8' } },
      ],
    };

    const resolved = resolveValue(value, context());

    expect(resolved).toBe(
      `arn:aws:s3:::web-files-xyz/* ${FUNCTION_ARN} \${Literal}`,
    );
  });

  it('reads GetAtt in both forms and imports values', () => {
    const value = {
      root: { 'Fn::GetAtt': ['Rest', 'RootResourceId'] },
      dotted: { 'Fn::GetAtt': 'Fn.Arn' },
      imported: { 'Fn::ImportValue': 'Data:Table' },
    };

    const resolved = resolveValue(value, context());

    expect(resolved).toEqual({
      root: 'root123',
      dotted: FUNCTION_ARN,
      imported: 'Data-Items-1',
    });
  });

  it('chooses Fn::If branches and drops AWS::NoValue', () => {
    const value = {
      Mode: { 'Fn::If': ['InEast', 'east', 'elsewhere'] },
      Extra: { 'Fn::If': ['IsProd', 'yes', { Ref: 'AWS::NoValue' }] },
      List: ['a', { 'Fn::If': ['IsProd', 'b', { Ref: 'AWS::NoValue' }] }],
    };

    const resolved = resolveValue(value, context({ InEast: true }));

    expect(resolved).toEqual({ Mode: 'east', List: ['a'] });
  });

  it('evaluates condition functions', () => {
    const value = {
      'Fn::And': [
        { 'Fn::Equals': [{ Ref: 'AWS::Region' }, 'eu-west-1'] },
        { 'Fn::Not': [{ Condition: 'IsProd' }] },
        { 'Fn::Or': [{ Condition: 'InEast' }, true] },
      ],
    };

    const resolved = resolveValue(value, context());

    expect(resolved).toBe(true);
  });

  it('finds in maps, encodes base64 and lists zones', () => {
    const value = {
      memory: { 'Fn::FindInMap': ['Sizes', 'small', 'memory'] },
      data: { 'Fn::Base64': 'hi' },
      zone: { 'Fn::Select': [0, { 'Fn::GetAZs': '' }] },
    };

    const resolved = resolveValue(value, context());

    expect(resolved).toEqual({ memory: 128, data: 'aGk=', zone: 'eu-west-1a' });
  });
});

describe('resolveValue refuses', () => {
  it.each([
    [{ 'Fn::Join': ['-'] }],
    [{ 'Fn::Select': [5, ['a']] }],
    [{ 'Fn::Split': ['', 'abc'] }],
    [{ 'Fn::If': ['C', 'a'] }],
    [{ 'Fn::GetAtt': 'NoDot' }],
    [{ 'Fn::Sub': ['${X}'] }],
    [{ 'Fn::Join': ['', [{ a: 1 }]] }],
  ])('%j with INTRINSIC_MALFORMED', (value) => {
    const resolve = () => resolveValue(value, context());

    expect(resolve).toThrow(
      expect.objectContaining({ code: 'INTRINSIC_MALFORMED' }),
    );
  });

  it('a Fn::FindInMap miss with UNRESOLVED_REFERENCE', () => {
    const value = { 'Fn::FindInMap': ['Sizes', 'huge', 'memory'] };

    const resolve = () => resolveValue(value, context());

    expect(resolve).toThrow(
      expect.objectContaining({ code: 'UNRESOLVED_REFERENCE' }),
    );
  });
});

describe('findReferences', () => {
  it('finds resources named by Ref, GetAtt and Sub, not pseudo parameters', () => {
    const value = {
      a: { Ref: 'Table' },
      b: { 'Fn::GetAtt': ['Fn', 'Arn'] },
      c: { 'Fn::Sub': '${Bucket.Arn}/${AWS::Region}/${!Skip}/${Local}' },
      d: { 'Fn::Sub': ['${Local}', { Local: { Ref: 'Queue' } }] },
    };

    const found = findReferences(value);

    expect([...found].sort()).toEqual([
      'Bucket',
      'Fn',
      'Local',
      'Queue',
      'Table',
    ]);
  });
});
