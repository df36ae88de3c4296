// Keeps one server stream open for as long as the page wants it. A stream that fails or ends is
// reopened after a delay that doubles from 1 s to 30 s (with jitter, so that many pages do not come
// back at once) and starts again at 1 s once a stream has worked. What each stream is doing is
// reported through `onState`, for the page to show.
//
// Each attempt has its own AbortController: when it ends, its HTTP/1.1 connection is released at once.
// A browser keeps at most six connections per origin, and every open stream holds one.

import type { CallOptions } from "@connectrpc/connect";
import { describe } from "./api";

export type LinkState = "connecting" | "live" | "retrying";

export interface LinkStatus {
  readonly name: string;
  readonly state: LinkState;
  /** Why the last attempt ended, when it did. */
  readonly detail: string;
  /** When the next attempt starts (epoch ms), while retrying. */
  readonly retryAt: number;
}

/** Thrown by a message handler that lost track (a sequence gap): the stream is reopened at once. */
export class Resubscribe extends Error {}

export interface Follow<T> {
  readonly name: string;
  /** Aborting it ends the stream for good. */
  readonly signal: AbortSignal;
  readonly open: (options: CallOptions) => AsyncIterable<T>;
  readonly onMessage: (message: T) => void;
  /**
   * The stream is open: response headers or a first message arrived. The server sends its headers once
   * the subscription is in place, so what is fetched from now on cannot fall between fetch and stream.
   */
  readonly onOpen?: () => void;
  readonly onState: (status: LinkStatus) => void;
}

const firstDelayMs = 1_000;
const maxDelayMs = 30_000;
const resubscribeDelayMs = 200;
const gapWindowMs = 10_000;

export async function follow<T>(f: Follow<T>): Promise<void> {
  let failures = 0;
  let lastGap = 0;
  while (!f.signal.aborted) {
    f.onState({ name: f.name, state: "connecting", detail: "", retryAt: 0 });
    const attempt = new AbortController();
    const stop = () => attempt.abort();
    f.signal.addEventListener("abort", stop);
    let open = false;
    const opened = () => {
      if (!open) {
        open = true;
        failures = 0;
        f.onState({ name: f.name, state: "live", detail: "", retryAt: 0 });
        f.onOpen?.();
      }
    };

    let detail: string;
    let delay: number;
    try {
      for await (const message of f.open({ signal: attempt.signal, timeoutMs: 0, onHeader: opened })) {
        opened();
        f.onMessage(message);
      }
      detail = "the server ended the stream";
      delay = backoff(failures++);
    } catch (error) {
      if (f.signal.aborted) {
        return;
      }
      // A gap is resynchronised at once, unless gaps keep coming: then it waits like any failure.
      const gap = error instanceof Resubscribe;
      const again = gap && Date.now() - lastGap < gapWindowMs;
      lastGap = gap ? Date.now() : lastGap;
      detail = gap ? error.message : describe(error);
      delay = gap && !again ? resubscribeDelayMs : backoff(failures++);
    } finally {
      f.signal.removeEventListener("abort", stop);
      attempt.abort();
    }

    delay = Math.round(delay * (0.8 + 0.4 * Math.random()));
    f.onState({ name: f.name, state: "retrying", detail, retryAt: Date.now() + delay });
    await sleep(delay, f.signal);
  }
}

/** 1 s after a stream that was open (failures was reset to 0), then 2, 4, 8, 16, 30, 30... s. */
function backoff(failures: number): number {
  return Math.min(maxDelayMs, firstDelayMs * 2 ** failures);
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    signal.addEventListener("abort", done, { once: true });
    function done() {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    }
  });
}
