// `npm test`: every test layer, in the order that fails fastest.
//   1. type checks (astro check, svelte-check)   2. unit tests (vitest: compute and widget models)
//   3. the production build                      4. browser tests (node:test + Debian's Chromium)
// The browser tests are never skipped: without Chromium this installs Debian's package when it can
// (root with apt-get) and otherwise stops, saying what to install.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { CHROMIUM } from './browser.mjs';

function run(label, command, args) {
  console.log(`\n▶ ${label}: ${command} ${args.join(' ')}`);
  const { status } = spawnSync(command, args, { stdio: 'inherit' });
  if (status !== 0) {
    console.error(`\n✖ ${label} failed (exit ${status}).`);
    process.exit(status ?? 1);
  }
}

function ensureChromium() {
  if (existsSync(CHROMIUM)) return;
  const canApt = process.getuid?.() === 0 && existsSync('/usr/bin/apt-get');
  if (!canApt) {
    console.error(`\n✖ The browser tests need Chromium at ${CHROMIUM}. Install it with:\n    sudo apt-get install -y chromium\n  or point CHROMIUM_PATH at a Chromium or Chrome binary, then run npm test again.`);
    process.exit(1);
  }
  run('install Chromium', 'apt-get', ['update', '-qq']);
  run('install Chromium', 'apt-get', ['install', '-y', '-qq', 'chromium']);
}

const only = process.argv[2];
if (!only || only === 'check') run('type check', 'npm', ['run', '--silent', 'check']);
if (!only || only === 'unit') run('unit tests', 'npx', ['vitest', 'run']);
if (!only || only === 'browser') {
  ensureChromium();
  run('build', 'npm', ['run', '--silent', 'build']);
  run('browser tests', process.execPath, ['--test', '--test-concurrency=2', 'tests/browser/*.test.mjs']);
}
