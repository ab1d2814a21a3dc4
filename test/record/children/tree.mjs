// A parent that starts CHILDREN copies of hold.mjs and waits, for
// --include-children: the parent itself holds little; its children leak.
import { spawn } from 'node:child_process';

const count = Number(process.env.CHILDREN ?? 2);
const children = Array.from({ length: count }, () =>
  spawn(process.execPath, [new URL('./hold.mjs', import.meta.url).pathname], { stdio: 'inherit' }),
);
const stop = () => {
  for (const child of children) child.kill('SIGTERM');
  process.exit(0);
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
setInterval(() => undefined, 1000);
