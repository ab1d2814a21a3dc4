import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LineSplitter } from '../../src/formats/lines.js';
import { chunkAt } from '../support/chunks.js';

describe('LineSplitter', () => {
  it('gives the same lines and numbers as splitting the text, however the bytes are chunked', () => {
    fc.assert(
      fc.property(
        fc.array(fc.string({ unit: 'grapheme', maxLength: 12 }), { maxLength: 20 }),
        fc.boolean(),
        fc.array(fc.nat(), { maxLength: 6 }),
        (lines, crlf, cuts) => {
          const text = `\uFEFF${lines.map((line) => line.replace(/[\r\n]/g, '')).join(crlf ? '\r\n' : '\n')}`;
          const got: Array<[string, number]> = [];
          const splitter = new LineSplitter((line, n) => got.push([line, n]));
          for (const chunk of chunkAt(Buffer.from(text), cuts)) splitter.feed(chunk);
          splitter.end();
          const want = text
            .slice(1)
            .split('\n')
            .map((line, i): [string, number] => [line.replace(/\r$/, ''), i + 1]);
          expect(got).toEqual(want);
        },
      ),
    );
  });
});
