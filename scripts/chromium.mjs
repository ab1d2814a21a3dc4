/**
 * How leak-score starts Debian's Chromium headless, for the HTML report's
 * screenshot script and its browser test alike. Without the networking flags
 * this machine's closed network refuses Chromium's background connections.
 */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
