/**
 * What a server announced it can do beyond the real controller, learnt once per client.
 *
 * The local controller names its extensions in the `capabilities` object of `/health`; the real
 * controller sends none, which reads as "none". A client learns them from the first `/health`
 * answer that is a health report and keeps them for its life. An answer that is not one (an
 * empty 503, a proxy's error page, a failed request) teaches nothing, so the next need asks again.
 */

import type * as wire from './wire.js';

/** The names of the extensions the contract defines (a server may announce others). */
export type CapabilityName = keyof { [K in keyof wire.Capabilities as string extends K ? never : K]: true };

/** The extensions a server announced, each `true` or absent; `supports(name)` asks about one. */
export type Capabilities = Readonly<wire.Capabilities> & {
  /** Whether the server announced `name` (a malformed announcement, such as `"yes"`, is not one). */
  supports(name: CapabilityName | (string & {})): boolean;
};

/** Capabilities from an announcement, as a frozen object whose own keys are the announced flags. */
export function capabilitiesOf(announced: unknown): Capabilities {
  const flags: Record<string, boolean> = {};
  if (typeof announced === 'object' && announced !== null && !Array.isArray(announced)) {
    for (const [name, value] of Object.entries(announced)) {
      if (typeof value === 'boolean') {
        flags[name] = value;
      }
    }
  }
  const supports = (name: string): boolean => Object.hasOwn(flags, name) && flags[name] === true;
  return Object.freeze(Object.defineProperty(flags, 'supports', { value: supports })) as Capabilities;
}

/** No extensions: the real controller, or a server whose announcement could not be read. */
export const NO_CAPABILITIES: Capabilities = capabilitiesOf({});

/** One client's memory of its server's capabilities, shared by its methods and its transport. */
export class Announced {
  private learnt: Capabilities | undefined;

  /** The capabilities learnt so far, or undefined while no health report has been read. */
  get known(): Capabilities | undefined {
    return this.learnt;
  }

  /** Remember what a `/health` body (parsed, or its text) announces; undefined when it is not a health report. */
  learn(body: unknown): Capabilities | undefined {
    let report = body;
    if (typeof body === 'string') {
      try {
        report = JSON.parse(body) as unknown;
      } catch {
        return undefined;
      }
    }
    if (typeof report !== 'object' || report === null || typeof (report as { status?: unknown }).status !== 'string') {
      return undefined;
    }
    this.learnt = capabilitiesOf((report as { capabilities?: unknown }).capabilities);
    return this.learnt;
  }
}
