interface LambdaError {
  errorType: string;
  errorMessage: string;
  trace?: unknown;
}

function isLambdaError(value: unknown): value is LambdaError {
  const candidate = value as Partial<LambdaError> | null;
  return (
    typeof candidate === 'object' &&
    candidate !== null &&
    typeof candidate.errorType === 'string' &&
    typeof candidate.errorMessage === 'string'
  );
}

/**
 * The error payload of a failed invocation, for people: `type: message`,
 * then the trace's frames, one a line. A payload of another shape is
 * returned as it is.
 */
export function describeFunctionError(payload: string): string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(payload);
  } catch {
    return payload;
  }
  if (!isLambdaError(parsed)) return payload;
  const trace = Array.isArray(parsed.trace) ? parsed.trace : [];
  const frames = trace
    .filter((line): line is string => typeof line === 'string')
    .map((line) => line.trim())
    .filter((line) => line.startsWith('at '));
  return [
    `${parsed.errorType}: ${parsed.errorMessage}`,
    ...frames.map((frame) => `    ${frame}`),
  ].join('\n');
}
