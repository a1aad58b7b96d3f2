/**
 * code-server and headless Chromium for one run: every file under one temporary root (its
 * TMPDIR, HOME and XDG_* directories, user data, extensions, browser profile), the .vsix
 * installed fresh, each process started here and stopped by PID when the run ends.
 */

import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

import { chromium, type Browser as PlaywrightBrowser, type Page } from 'playwright-core';

import { start, stopTree, type Started } from '../../test/support/processes';

const E2E = resolve(__dirname, '..');
const CODE_SERVER = join(E2E, 'node_modules', '.bin', 'code-server');
export const CHROMIUM = process.env.SEKHA_CHROMIUM ?? '/usr/bin/chromium';
const CHROMIUM_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const START_MS = 120_000;

export interface Environment {
  readonly root: string;
  readonly workspace: string;
  readonly env: NodeJS.ProcessEnv;
}

/** A temporary root with the directories a run writes to, and the environment pointing there. */
export async function environment(): Promise<Environment> {
  const root = await mkdtemp(join(tmpdir(), 'sekha-e2e-'));
  const dirs = ['tmp', 'home', 'config', 'data', 'cache', 'runtime', 'user-data', 'extensions', 'chromium', 'workspace'];
  await Promise.all(dirs.map((dir) => mkdir(join(root, dir), { recursive: true, mode: 0o700 })));
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    LANG: 'C.UTF-8',
    TMPDIR: join(root, 'tmp'),
    HOME: join(root, 'home'),
    XDG_CONFIG_HOME: join(root, 'config'),
    XDG_DATA_HOME: join(root, 'data'),
    XDG_CACHE_HOME: join(root, 'cache'),
    XDG_RUNTIME_DIR: join(root, 'runtime'),
  };
  return { root, workspace: join(root, 'workspace'), env };
}

/** User settings that keep the workbench quiet and point the extension at the controller. */
export async function writeUserSettings(environment: Environment, settings: Record<string, unknown>): Promise<void> {
  const dir = join(environment.root, 'user-data', 'User');
  await mkdir(dir, { recursive: true });
  const quiet = {
    'workbench.startupEditor': 'none',
    'workbench.tips.enabled': false,
    'workbench.enableExperiments': false,
    'telemetry.telemetryLevel': 'off',
    'update.mode': 'none',
    'extensions.autoUpdate': false,
    'extensions.autoCheckUpdates': false,
    'extensions.ignoreRecommendations': true,
    'security.workspace.trust.enabled': false,
    'files.simpleDialog.enable': true,
    'chat.commandCenter.enabled': false,
    'workbench.secondarySideBar.defaultVisibility': 'hidden',
  };
  await writeFile(join(dir, 'settings.json'), JSON.stringify({ ...quiet, ...settings }, null, 2));
}

function codeServerArgs(environment: Environment): string[] {
  return ['--user-data-dir', join(environment.root, 'user-data'), '--extensions-dir', join(environment.root, 'extensions')];
}

export async function installExtension(environment: Environment, vsix: string): Promise<void> {
  if (!existsSync(CODE_SERVER)) throw new Error(`code-server is not installed: run ${join(E2E, 'install.sh')}`);
  const installer = start(CODE_SERVER, [...codeServerArgs(environment), '--install-extension', vsix], join(environment.root, 'install.log'), {
    env: environment.env,
  });
  try {
    await installer.waitForLine(/was successfully installed/, START_MS);
  } finally {
    await stopTree(installer.pid);
  }
}

export interface CodeServer {
  readonly url: string;
  readonly process: Started;
  stop(): Promise<void>;
}

export async function startCodeServer(environment: Environment): Promise<CodeServer> {
  const server = start(
    CODE_SERVER,
    [
      '--auth', 'none',
      '--bind-addr', '127.0.0.1:0',
      ...codeServerArgs(environment),
      '--disable-telemetry',
      '--disable-update-check',
      '--disable-workspace-trust',
      environment.workspace,
    ],
    join(environment.root, 'code-server.log'),
    { env: environment.env },
  );
  try {
    const match = await server.waitForLine(/HTTP server listening on (http:\/\/127\.0\.0\.1:\d+)/, START_MS);
    return { url: match[1] ?? '', process: server, stop: () => stopTree(server.pid) };
  } catch (error) {
    await stopTree(server.pid);
    throw error;
  }
}

export interface Browser {
  readonly browser: PlaywrightBrowser;
  readonly page: Page;
  readonly process: Started;
  stop(): Promise<void>;
}

/**
 * Debian's Chromium, headless, with a fresh profile under the run's root. Started here (not by
 * Playwright) so its PID is known and it is stopped like every other child; Playwright drives
 * it over the DevTools protocol.
 */
export async function startBrowser(environment: Environment): Promise<Browser> {
  const args = [
    '--headless',
    ...CHROMIUM_FLAGS,
    `--user-data-dir=${join(environment.root, 'chromium')}`,
    '--remote-debugging-address=127.0.0.1',
    '--remote-debugging-port=0',
    '--window-size=1440,900',
    'about:blank',
  ];
  const child = start(CHROMIUM, args, join(environment.root, 'chromium.log'), { env: environment.env });
  try {
    const match = await child.waitForLine(/DevTools listening on (ws:\/\/\S+)/, START_MS);
    const browser = await chromium.connectOverCDP(match[1] ?? '', { timeout: START_MS });
    const context = browser.contexts()[0] ?? (await browser.newContext());
    const page = context.pages()[0] ?? (await context.newPage());
    await page.setViewportSize({ width: 1440, height: 900 });
    return {
      browser,
      page,
      process: child,
      stop: async () => {
        await browser.close().catch(() => undefined); // only disconnects: the process is ours to stop
        await stopTree(child.pid);
      },
    };
  } catch (error) {
    await stopTree(child.pid);
    throw error;
  }
}

export async function removeRoot(environment: Environment): Promise<void> {
  await rm(environment.root, { recursive: true, force: true });
}
