import { describe, expect, it } from 'vitest';
import { csvField, toCsv } from '@pulse/shared';

describe('CSV', () => {
  it.each([
    ['plain', 'plain'],
    ['Acme, Inc.', '"Acme, Inc."'],
    ['the "best" one', '"the ""best"" one"'],
    ['two\nlines', '"two\nlines"'],
    ['cr\rhere', '"cr\rhere"'],
    ['', ''],
    ['=HYPERLINK("x")', '"\'=HYPERLINK(""x"")"'],
    ['+1 555', "'+1 555"],
    ['-minus', "'-minus"],
    ['@sum', "'@sum"],
  ])('writes the text %j as %j', (value, expected) => {
    expect(csvField(value)).toBe(expected);
  });

  it('writes numbers as numbers (a negative stays a number), null as empty, booleans as words', () => {
    expect([-6, 0, 1234.5, Number.NaN, null, true, false].map(csvField)).toEqual([
      '-6',
      '0',
      '1234.5',
      '',
      '',
      'true',
      'false',
    ]);
  });

  it('ends every line, the header too, with CRLF', () => {
    expect(
      toCsv(
        ['a', 'b'],
        [
          [1, 'x,y'],
          [null, 'z'],
        ],
      ),
    ).toBe('a,b\r\n1,"x,y"\r\n,z\r\n');
  });
});
