import { describe, expect, it } from 'vitest';
import { managementEndpoint } from '../../src/internal/connections-api.js';

describe('managementEndpoint', () => {
  it.each([
    ['127.0.0.1:4510', 'http://127.0.0.1:4510/dev'],
    ['localhost:9000', 'http://localhost:9000/dev'],
    ['[::1]:9000', 'http://[::1]:9000/dev'],
    [
      'abc.execute-api.us-east-1.amazonaws.com',
      'https://abc.execute-api.us-east-1.amazonaws.com/dev',
    ],
    ['127.0.0.1.example.com', 'https://127.0.0.1.example.com/dev'],
  ])('builds the @connections endpoint of %s', (domain, endpoint) => {
    expect(managementEndpoint(domain, 'dev')).toBe(endpoint);
  });
});
