import { describe, expect, it } from 'vitest';
import { visibleLine, visibleText } from './visible-text.ts';

describe('visibleText', () => {
  it('writes every bidirectional formatting character of UAX #9 as its escape', () => {
    // ALM, LRM, RLM; LRE, RLE, PDF, LRO, RLO; LRI, RLI, FSI, PDI.
    const bidi = '\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069';
    expect(visibleText(`a${bidi}b`)).toBe(
      'a\\u061C\\u200E\\u200F\\u202A\\u202B\\u202C\\u202D\\u202E\\u2066\\u2067\\u2068\\u2069b',
    );
  });

  it('writes C0 controls (but tab and line feed), DEL and C1 controls as escapes', () => {
    expect(visibleText('\x00\x07\x08\x0b\x0c\r\x1b[2J\x7f\x80\x9b31m\x9f')).toBe(
      '\\u0000\\u0007\\u0008\\u000B\\u000C\\u000D\\u001B[2J\\u007F\\u0080\\u009B31m\\u009F',
    );
    expect(visibleText('a\tb\nc')).toBe('a\tb\nc');
  });

  it('leaves every other character as it is: letters of any script, emoji, U+FFFD', () => {
    const text = 'aks-prod é 東京 مرحبا שלום 🚀 \ufffd \u00a0';
    expect(visibleText(text)).toBe(text);
  });

  it('puts a value on one line for line-based writers', () => {
    expect(visibleLine('a\nb\tc\u2028d\u2029e\r')).toBe('a b c d e\\u000D');
  });
});
