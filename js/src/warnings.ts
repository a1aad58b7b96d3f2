/**
 * Warnings: something worked, but not as well as it could, and the caller should know why.
 *
 * They go through `process.emitWarning` (so `node --no-warnings` and `process.on('warning')`
 * see them, with the class name as their type), or `console.warn` where there is no `process`.
 * A client says each kind once, not on every call.
 */

/** The controller cannot keep something the call sent (original times): it was left out. */
export class SekhaUnsupportedWarning extends Error {
  override readonly name = 'SekhaUnsupportedWarning';
}

/** Token counts are an upper bound (UTF-8 bytes) because no cl100k tokenizer was configured. */
export class ApproximateTokensWarning extends Error {
  override readonly name = 'ApproximateTokensWarning';
}

/** Emits a warning of each class at most once per `Warner`. */
export class Warner {
  private readonly said = new Set<string>();

  warn(warning: Error): void {
    if (this.said.has(warning.name)) {
      return;
    }
    this.said.add(warning.name);
    const node = (globalThis as { process?: { emitWarning?: (warning: Error) => void } }).process;
    if (typeof node?.emitWarning === 'function') {
      node.emitWarning(warning);
    } else {
      console.warn(`${warning.name}: ${warning.message}`);
    }
  }
}
