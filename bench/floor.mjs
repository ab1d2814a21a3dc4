#!/usr/bin/env node
/**
 * "The floor": the least any reader of a `timestamp,rss_bytes` CSV must do in
 * Node — stream the file in 1 MiB chunks and turn the two fields of each line
 * into numbers, byte by byte, with no strings made and no scoring at all.
 * (Digits are accumulated as integers and scaled by the fraction length,
 * which is what a hand-written parser does when exactness is not its job.)
 */
import { createReadStream } from 'node:fs';

let count = 0;
let sumT = 0;
let sumV = 0;
let field = 0;
let number = 0;
let scale = 1;
let fraction = false;
let header = true;
let t = 0;
for await (const chunk of createReadStream(process.argv[2], { highWaterMark: 1 << 20 })) {
  for (let i = 0; i < chunk.length; i++) {
    const c = chunk[i];
    if (header) {
      if (c === 10) header = false;
      continue;
    }
    if (c >= 48 && c <= 57) {
      number = number * 10 + (c - 48);
      if (fraction) scale *= 10;
    } else if (c === 46) {
      fraction = true;
    } else if (c === 44 || c === 10) {
      const value = number / scale;
      if (field === 0) t = value;
      else {
        sumT += t;
        sumV += value;
        count++;
      }
      field = c === 44 ? 1 : 0;
      number = 0;
      scale = 1;
      fraction = false;
    }
  }
}
console.log(count, sumT, sumV);
