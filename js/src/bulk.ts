/**
 * The streamed bulk export (extension `bulk_export`), read line by line so memory stays flat:
 * the Python SDK's `sekha/_async/bulk.py`.
 *
 * `GET /api/v1/export` answers newline-delimited JSON: one `BulkExportItem` per conversation,
 * then a `BulkExportEnd`. Only that closing line means the export is complete: a stream that
 * breaks, stalls or stops without it is asked again after the last item received, at most
 * `attempts` times in a row without progress.
 */

import {
  SekhaAbortError,
  SekhaClientClosedError,
  SekhaConnectionError,
  SekhaDecodeError,
  errorFromResponse,
  type RequestInfo,
} from './errors.js';
import { CLOSED_DURING_CALL } from './transport.js';
import type * as wire from './wire.js';

/** The contract's `export_conversations` route. */
export const EXPORT_PATH = '/api/v1/export';

export interface BulkOptions {
  /** Opens the export after `cursor` (through the client's transport, body left to stream). */
  readonly open: (cursor: string) => Promise<Response>;
  /** Tries in a row without progress before the export fails. */
  readonly attempts: number;
  /** Milliseconds before the next try, times the tries so far. */
  readonly backoffMs: number;
  /** Milliseconds the stream may go without a byte before it counts as broken. */
  readonly idleMs: number;
  readonly signal: AbortSignal | undefined;
  readonly closed: AbortSignal;
}

const INFO: RequestInfo = { method: 'GET', path: EXPORT_PATH };

/** The stream broke, stalled or stopped early: ask again after the last item. */
class Cut extends Error {}

/** The next chunk; a Cut when none comes within `ms`, or as soon as `stop` fires. */
async function readWithin(
  reader: ReadableStreamDefaultReader<Uint8Array>,
  ms: number,
  stop: AbortSignal,
): Promise<ReadableStreamReadResult<Uint8Array>> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let onStop: (() => void) | undefined;
  const cut = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => {
      reject(new Cut(`the export sent nothing for ${ms} ms`));
    }, ms);
    onStop = () => {
      reject(new Cut('the export was stopped'));
    };
    stop.addEventListener('abort', onStop, { once: true });
    if (stop.aborted) {
      onStop();
    }
  });
  try {
    return await Promise.race([reader.read(), cut]);
  } finally {
    clearTimeout(timer);
    if (onStop !== undefined) {
      stop.removeEventListener('abort', onStop);
    }
  }
}

/**
 * The body's newline-terminated lines. JSON text may hold U+2028 or U+0085, so only `\n` ends a
 * line; a fragment the stream stopped in is no line at all (a Cut).
 */
async function* linesOf(body: ReadableStream<Uint8Array>, idleMs: number, stop: AbortSignal): AsyncGenerator<string> {
  const reader = body.getReader();
  const decoder = new TextDecoder('utf-8', { fatal: false });
  let pending = '';
  try {
    for (;;) {
      let chunk: ReadableStreamReadResult<Uint8Array>;
      try {
        chunk = await readWithin(reader, idleMs, stop);
      } catch (error) {
        throw error instanceof Cut ? error : new Cut(`the export broke off: ${String(error)}`, { cause: error });
      }
      if (chunk.done) {
        pending += decoder.decode();
        if (pending !== '') {
          throw new Cut('the export stopped inside a line');
        }
        return;
      }
      const lines = (pending + decoder.decode(chunk.value, { stream: true })).split('\n');
      pending = lines.pop() ?? '';
      yield* lines;
    }
  } finally {
    void reader.cancel().catch(() => undefined);
  }
}

/** One line as an item; undefined for the closing line. */
function itemOf(line: string): wire.BulkExportItem | undefined {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (error) {
    throw new SekhaDecodeError(`the bulk export has a line that is not JSON (${String(error)})`, { raw: line });
  }
  const record = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
  if (record.end === true) {
    return undefined;
  }
  const { cursor, conversation, messages } = record;
  if (
    typeof cursor !== 'string' ||
    typeof conversation !== 'object' ||
    conversation === null ||
    !Array.isArray(messages)
  ) {
    throw new SekhaDecodeError('the bulk export has a line that is not a BulkExportItem', { raw: line });
  }
  return value as wire.BulkExportItem;
}

async function refusal(response: Response): Promise<Error> {
  const text = await response.text();
  let body: unknown = text;
  try {
    body = text === '' ? '' : JSON.parse(text);
  } catch {
    // kept as text
  }
  return errorFromResponse(response.status, body, response.headers, INFO, response.statusText);
}

function interrupted(options: BulkOptions): Error | undefined {
  if (options.signal?.aborted === true) {
    return new SekhaAbortError(`${INFO.method} ${INFO.path} was aborted by its signal`, {
      request: INFO,
      cause: options.signal.reason,
    });
  }
  return options.closed.aborted ? new SekhaClientClosedError(CLOSED_DURING_CALL) : undefined;
}

/** Fires when the caller's signal fires or the client closes. */
function stopOf(options: BulkOptions): AbortSignal {
  return AbortSignal.any(options.signal === undefined ? [options.closed] : [options.signal, options.closed]);
}

/** Waits `ms`, or less when the caller's signal fires or the client closes. */
function pause(ms: number, options: BulkOptions): Promise<void> {
  const stop = stopOf(options);
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    stop.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        resolve();
      },
      { once: true },
    );
  });
}

/** Every conversation the export carries, resumed after the last one received when the stream breaks. */
export async function* bulkRecords(options: BulkOptions): AsyncGenerator<wire.BulkExportItem> {
  let cursor = '';
  let failures = 0;
  for (;;) {
    try {
      const response = await options.open(cursor);
      if (!response.ok) {
        throw await refusal(response);
      }
      if (response.body === null) {
        throw new Cut('the export answered without a body');
      }
      for await (const line of linesOf(response.body, options.idleMs, stopOf(options))) {
        if (line.trim() === '') {
          continue;
        }
        const item = itemOf(line);
        if (item === undefined) {
          return;
        }
        cursor = item.cursor;
        failures = 0;
        yield item;
      }
      throw new Cut('the export stopped before its last line');
    } catch (error) {
      const stop = interrupted(options);
      if (stop !== undefined) {
        throw stop;
      }
      if (!(error instanceof Cut || error instanceof SekhaConnectionError)) {
        throw error;
      }
      failures += 1;
      if (failures > options.attempts) {
        throw error instanceof Cut
          ? new SekhaConnectionError(`${INFO.method} ${INFO.path} failed: ${error.message}`, {
              request: INFO,
              cause: error,
            })
          : error;
      }
      await pause(options.backoffMs * failures, options);
      const stopped = interrupted(options);
      if (stopped !== undefined) {
        throw stopped;
      }
    }
  }
}
