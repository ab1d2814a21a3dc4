#!/usr/bin/env node
/**
 * "The floor": the least any reader of a `timestamp,rss_bytes` CSV must do in
 * Node — stream the file in 1 MiB chunks, find the two fields of each line
 * and turn them into numbers — with no scoring at all.
 */
import { createReadStream } from 'node:fs';

let carry = '';
let count = 0;
let sumT = 0;
let sumV = 0;
for await (const chunk of createReadStream(process.argv[2], { highWaterMark: 1 << 20, encoding: 'latin1' })) {
  const text = carry + chunk;
  let start = 0;
  for (let end = text.indexOf('\n', start); end !== -1; end = text.indexOf('\n', start)) {
    const comma = text.indexOf(',', start);
    if (comma !== -1 && comma < end) {
      const t = +text.slice(start, comma);
      const v = +text.slice(comma + 1, end);
      if (t === t && v === v) {
        sumT += t;
        sumV += v;
        count++;
      }
    }
    start = end + 1;
  }
  carry = text.slice(start);
}
console.log(count, sumT, sumV);
