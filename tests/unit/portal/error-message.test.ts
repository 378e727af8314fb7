import { describe, expect, it } from 'vitest';
import { errorMessage } from '@/utils/portal/error-message';
import { GraphRequestError } from '@/utils/domain/graph-request-error';

describe('errorMessage', () => {
  it("is an error's message (subclasses too), or the thrown value as text", () => {
    expect(errorMessage(new Error('boom'))).toBe('boom');
    expect(errorMessage(new GraphRequestError({ status: 403, code: 'Forbidden', message: 'No role.' }))).toBe('No role.');
    expect(errorMessage('plain')).toBe('plain');
    expect(errorMessage(42)).toBe('42');
    expect(errorMessage(null)).toBe('null');
    expect(errorMessage(undefined)).toBe('undefined');
  });
});
