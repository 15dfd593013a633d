import { describe, expect, it } from 'vitest';
import { renderMessage } from './check.ts';

describe('renderMessage', () => {
  it('puts each value in place of its {{key}}, spaces allowed, zero and false included', () => {
    expect(renderMessage('{{ n }} of {{name}} ({{ok}})', { n: 0, name: 'afw', ok: false })).toBe('0 of afw (false)');
  });

  it('leaves a key the data lacks in the text by default: an audit keeps its finding', () => {
    expect(renderMessage('rule {{rule}} of {{collection}}', { rule: 'r1' })).toBe('rule r1 of {{collection}}');
  });

  it('throws, naming the key, when asked to (the check tester does)', () => {
    expect(() => renderMessage('rule {{rule}} of {{collection}}', { rule: 'r1' }, 'throw')).toThrow(
      'the message "rule {{rule}} of {{collection}}" names {{collection}}, which the data lacks',
    );
  });

  it('counts a key whose value is undefined, or one only inherited, as lacking', () => {
    const data = { rule: undefined } as unknown as Record<string, string>;
    expect(() => renderMessage('{{rule}}', data, 'throw')).toThrow('names {{rule}}');
    expect(() => renderMessage('{{toString}}', {}, 'throw')).toThrow('names {{toString}}');
    expect(renderMessage('{{toString}}', {})).toBe('{{toString}}');
  });
});
