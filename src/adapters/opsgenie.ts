import { OncallError, usageError } from "../errors";
import { escapeText } from "../render/escape";
import type { Net } from "../runtime/net";

export type Provider = "opsgenie" | "jsm";

/** Where alerts are created (SPEC §6); ONCALL_OPSGENIE_URL overrides it (tests, proxies). */
export function baseUrl(provider: Provider, region: "us" | "eu", env: NodeJS.ProcessEnv): string {
  const override = env.ONCALL_OPSGENIE_URL;
  if (override) return checkedOverride(override);
  if (provider === "jsm") return "https://api.atlassian.com/jsm/ops/integration";
  return region === "eu" ? "https://api.eu.opsgenie.com" : "https://api.opsgenie.com";
}

const URL_HINT =
  "set it to the API's base address, such as https://api.eu.opsgenie.com (or a proxy's http://127.0.0.1:8080), or unset it";

/**
 * The override is checked before anything is sent: fetch would reject most bad values only when
 * sending, which looks like a network error and would be retried until the deadline. Its value is
 * never shown: it may hold a password.
 */
function checkedOverride(value: string): string {
  let url: URL | null = null;
  try {
    url = new URL(value);
  } catch {
    url = null;
  }
  if (!url || (url.protocol !== "http:" && url.protocol !== "https:"))
    throw usageError("ONCALL_OPSGENIE_URL is not an http:// or https:// URL", URL_HINT);
  if (url.username || url.password)
    throw usageError(
      "ONCALL_OPSGENIE_URL has a user name or password in it, which would not be sent (the API key is the credential)",
      URL_HINT,
    );
  if (url.search || url.hash)
    throw usageError("ONCALL_OPSGENIE_URL has a query or fragment (?… or #…) in it", URL_HINT);
  return value.replace(/\/+$/, "");
}

/**
 * A key goes into an HTTP header: a line break there would split the request, and a space or a
 * non-ASCII character is always a copy-and-paste accident. Refused before anything is sent, naming
 * where the key came from and never showing it.
 */
/**
 * Opsgenie's keys are 36-character ids. A much shorter value is a placeholder or a slip, and would
 * also make redaction useless (every "x" in the output hidden as if it were the key).
 */
const MIN_KEY_LENGTH = 16;

/** What is wrong with a key ("a space", "only 3 characters (…)"), or null; never the key itself. */
export function apiKeyProblem(key: string, kind = "an Opsgenie key is a 36-character id"): string | null {
  const bad = /[\r\n]/.test(key)
    ? "a line break"
    : /\s/.test(key)
      ? "a space"
      : /[^\x21-\x7e]/.test(key)
        ? "a character that is not printable ASCII"
        : key.length < MIN_KEY_LENGTH
          ? `only ${key.length} character${key.length === 1 ? "" : "s"} (${kind})`
          : null;
  return bad && `${bad.startsWith("only") ? "has" : "contains"} ${bad}`;
}

export const API_KEY_HINT =
  "copy the Default API integration's key again (Opsgenie: Teams → your team → Integrations → Default API)";

export function checkApiKey(key: string, from: string): void {
  const bad = apiKeyProblem(key);
  if (bad)
    throw new OncallError(
      "auth",
      `the Opsgenie API key in ${from} ${bad}, so it cannot be sent`,
      API_KEY_HINT,
    );
}

/** Invisible characters a server may slip into an echoed key: zero-width, joiners, BOM, soft hyphen. */
const INVISIBLE = /[\u00ad\u200b-\u200f\u2060-\u2064\ufeff]/g;

/** Any run this long that is part of the key counts as the key (a half, a line-wrapped piece). */
const MIN_PIECE = 8;

/**
 * Text is scanned in chunks this long (overlapping by the key's length, so a piece across a
 * boundary is still found): the work stays linear in the text whatever its size.
 */
const CHUNK = 4096;

const lower = (text: string) =>
  // one unit in, one unit out, so positions in the lowered text are positions in the text
  Array.from({ length: text.length }, (_, i) => {
    const c = text[i]!;
    const l = c.toLowerCase();
    return l.length === 1 ? l : c;
  }).join("");

/**
 * Replaces the secret wherever it appears, in any case, with invisible characters removed, and any
 * run of MIN_PIECE or more characters of it (a half, a wrapped line): applied to everything the
 * program prints. The scan is the longest-common-substring table, one row at a time: O(text × key).
 */
export function redactor(secret: string | null): (text: string) => string {
  if (!secret) return (text) => text;
  const key = lower(secret.replace(INVISIBLE, ""));
  const min = Math.min(MIN_PIECE, key.length);
  if (!key) return (text) => text;
  return (input) => {
    const text = input.replace(INVISIBLE, "");
    const t = lower(text);
    const hidden = new Uint8Array(text.length);
    for (let start = 0; start < t.length; start += CHUNK) {
      const end = Math.min(t.length, start + CHUNK + key.length);
      let prev = new Uint16Array(key.length + 1);
      let row = new Uint16Array(key.length + 1);
      for (let i = start; i < end; i++) {
        let best = 0;
        for (let j = 1; j <= key.length; j++) {
          row[j] = t.charCodeAt(i) === key.charCodeAt(j - 1) ? prev[j - 1]! + 1 : 0;
          if (row[j]! > best) best = row[j]!;
        }
        if (best >= min) hidden.fill(1, i - best + 1, i + 1);
        [prev, row] = [row, prev];
      }
    }
    let out = "";
    for (let i = 0; i < text.length; ) {
      if (!hidden[i]) {
        out += text[i++];
        continue;
      }
      while (hidden[i]) i++;
      out += "[redacted]";
    }
    return out;
  };
}

export interface ClientOptions {
  baseUrl: string;
  apiKey: string;
  /** sending and polling share this deadline (epoch ms, on net.now's clock) */
  deadline: number;
  /** fetch, the clock and sleep: the context's, never the globals */
  net: Net;
  signal?: AbortSignal;
  random?: () => number;
  /** called with each attempt, for --verbose (never with the key) */
  log?: (line: string) => void;
  /** what the client is doing now, for a status line on a terminal */
  status?: (what: string) => void;
  /** the Authorization header when it is not `GenieKey <apiKey>` (JSM's Basic auth); apiKey is still what is scrubbed */
  authorization?: string;
  /**
   * answers bigger than this are not read (default 1 MiB): a page of 100 JSM alerts may carry a
   * description of up to 15,000 characters each, so a pull allows more
   */
  maxAnswerBytes?: number;
  /** the service named in messages (default Opsgenie) */
  service?: string;
  /** what to do when the credentials are refused (default: the Default API integration's key) */
  keyHint?: string;
}

export interface Confirmed {
  requestId: string;
  alertId: string;
  status: string;
  deduplicated: boolean;
}

const KEY_HINT =
  "use the key of the team's Default API integration (Opsgenie: Teams → your team → Integrations → Default API → API key); a global API key or the ops_team integration's does not work";

/** Out of time, or Opsgenie unreachable: exit 6. */
class Unavailable extends Error {}

export function isUnavailable(e: unknown): e is Error {
  return e instanceof Unavailable;
}

/** A request status that says the alert was not created (isSuccess: false): definitely nothing paged. */
export class NotCreated extends OncallError {
  constructor(message: string) {
    super("rejected", message);
  }
}

/**
 * One answer, read whole within the deadline. `json` is undefined when the body is not JSON;
 * `tooLarge` when it was bigger than MAX_ANSWER and so not read (text empty).
 */
interface Reply {
  status: number;
  headers: Headers;
  text: string;
  json: unknown;
  tooLarge: boolean;
}

/**
 * Opsgenie's answers are a few hundred bytes. A bigger one (a broken proxy, a hostile server, a
 * gzip bomb: the limit counts bytes after decompression) is not read past this, so it costs at
 * most this much memory however often it is retried.
 */
const MAX_ANSWER = 1024 * 1024;
const TOO_LARGE = "an answer larger than 1 MiB, not read";

/** The body, read as a stream and cancelled once past MAX_ANSWER. */
async function readCapped(res: Response, max = MAX_ANSWER): Promise<{ text: string; tooLarge: boolean }> {
  const declared = Number(res.headers.get("content-length"));
  if (!res.body || declared > max) {
    await res.body?.cancel().catch(() => {});
    return { text: "", tooLarge: res.body !== null };
  }
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > max) {
      await reader.cancel().catch(() => {});
      return { text: "", tooLarge: true };
    }
    chunks.push(value);
  }
  return { text: Buffer.concat(chunks).toString("utf8"), tooLarge: false };
}

/**
 * Text from Opsgenie, made fit for a terminal: the key scrubbed FIRST (a cut through the key would
 * leave most of it unrecognisable to the scrubbing done later), then control characters and bidi
 * overrides escaped, then kept short.
 */
function printable(text: string, key: string, max = 500): string {
  const safe = escapeText(redactor(key)(text));
  return safe.length <= max ? safe : `${safe.slice(0, max - 1)}…`;
}

/** Opsgenie's message, with a 422's `errors` detail (field → problem). */
function messageOf(r: Reply, key: string): string {
  if (r.tooLarge) return `(${TOO_LARGE})`;
  const body = (r.json ?? {}) as { message?: unknown; errors?: unknown };
  let text = typeof body.message === "string" && body.message ? body.message : "";
  if (body.errors && typeof body.errors === "object") {
    const detail = Array.isArray(body.errors)
      ? body.errors.map((e) => (typeof e === "string" ? e : JSON.stringify(e)))
      : Object.entries(body.errors).map(([k, v]) => `${k}: ${typeof v === "string" ? v : JSON.stringify(v)}`);
    if (detail.length) text = `${text ? `${text} ` : ""}(${detail.join("; ")})`;
  }
  if (!text) text = r.json === undefined ? r.text.trim() : JSON.stringify(r.json);
  return printable(text || `HTTP ${r.status}`, key);
}

/**
 * The wait a 429 asks for: Retry-After (seconds or a date) or X-RateLimit-Period-In-Sec; null when
 * it asks for none (absent, unreadable, zero, negative or in the past).
 */
function retryAfterMs(headers: Headers, now: number): number | null {
  const ra = headers.get("retry-after");
  if (ra) {
    const s = Number(ra);
    const ms = Number.isFinite(s) ? s * 1000 : Date.parse(ra) - now;
    if (Number.isFinite(ms) && ms > 0) return ms;
  }
  const period = Number(headers.get("x-ratelimit-period-in-sec"));
  return Number.isFinite(period) && period > 0 ? period * 1000 : null;
}

const isRedirect = (status: number) => status >= 300 && status < 400;

/**
 * Opsgenie's alert API: create an alert, then confirm it through the request status. Network
 * errors, 429 and 5xx are retried with exponential backoff and jitter; other 4xx are not. One
 * deadline covers connecting, sending, reading every body and every wait; a wait that would pass
 * it is not started. Redirects are never followed: the key would go wherever they point.
 */
export class OpsgenieClient {
  private readonly net: Net;
  private readonly random: () => number;
  /** the last network error, for the message when time runs out */
  lastError: string | null = null;

  /** epoch ms on net.now's clock: ClientOptions.deadline, or each getJson's own */
  private deadline: number;

  constructor(private readonly o: ClientOptions) {
    this.net = o.net;
    this.random = o.random ?? Math.random;
    this.deadline = o.deadline;
  }

  private get service(): string {
    return this.o.service ?? "Opsgenie";
  }

  /** Text from Opsgenie as it may be shown: scrubbed of the key, escaped, short. */
  printable(text: string, max = 500): string {
    return printable(text, this.o.apiKey, max);
  }

  private message(r: Reply): string {
    return messageOf(r, this.o.apiKey);
  }

  private left(): number {
    return this.deadline - this.net.now();
  }

  private async wait(ms: number, why: string): Promise<void> {
    const left = this.left();
    if (ms > left)
      throw new Unavailable(
        `out of time (${why}: ${Math.ceil(ms / 1000)} s to wait, ${Math.max(0, Math.floor(left / 1000))} s left)`,
      );
    this.o.log?.(`waiting ${Math.round(ms)} ms: ${why}`);
    await this.net.sleep(ms, this.o.signal);
  }

  private backoff(attempt: number): number {
    const cap = Math.min(8000, 500 * 2 ** attempt);
    return Math.round(cap / 2 + (this.random() * cap) / 2);
  }

  /**
   * One request, its body read whole, within the deadline. `onHeaders` runs as soon as the status
   * is known, before the body is read: a 2xx there means Opsgenie has the request.
   */
  private async call(
    method: string,
    path: string,
    body: unknown,
    onHeaders: (status: number) => void = () => {},
  ): Promise<Reply> {
    const remaining = this.left();
    if (remaining <= 0) throw new Unavailable("out of time");
    // One controller for the deadline and Ctrl-C, held here until the body is read: Node 20's
    // AbortSignal.any() holds its sources weakly, so a timeout signal could be collected unfired.
    const controller = new AbortController();
    // on the injected clock, so a test's deadline passes when its clock says so
    const cancelDeadline = this.net.after(remaining, () => controller.abort(new Unavailable("out of time")));
    const outer = this.o.signal;
    const forward = () => controller.abort(outer?.reason);
    if (outer?.aborted) forward();
    outer?.addEventListener("abort", forward, { once: true });
    this.o.log?.(`${method} ${this.o.baseUrl}${path}`);
    try {
      const res = await this.net.fetch(`${this.o.baseUrl}${path}`, {
        method,
        headers: {
          Authorization: this.o.authorization ?? `GenieKey ${this.o.apiKey}`,
          "Content-Type": "application/json",
          Accept: "application/json",
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        redirect: "manual",
        signal: controller.signal,
      });
      onHeaders(res.status);
      let text: string;
      let tooLarge: boolean;
      try {
        ({ text, tooLarge } = await readCapped(res, this.o.maxAnswerBytes));
      } catch (e) {
        throw new BrokenBody(res.status, controller.signal.aborted ? controller.signal.reason : e);
      }
      let json: unknown;
      try {
        json = text ? JSON.parse(text) : undefined;
      } catch {
        json = undefined;
      }
      return { status: res.status, headers: res.headers, text, json, tooLarge };
    } catch (e) {
      if (e instanceof BrokenBody) throw e;
      if (controller.signal.aborted) throw controller.signal.reason;
      throw e;
    } finally {
      cancelDeadline();
      outer?.removeEventListener("abort", forward);
    }
  }

  /**
   * fetch refuses the ports of other protocols (the Fetch standard's "bad port" list) without
   * connecting: nothing was sent, and retrying cannot help. Only ONCALL_OPSGENIE_URL can name one.
   */
  private badPort(): OncallError {
    let port = "";
    try {
      port = new URL(this.o.baseUrl).port;
    } catch {
      port = "";
    }
    return usageError(
      `fetch refuses to connect to port ${port} of the Opsgenie address (a port reserved for another protocol): nothing was sent`,
      `check ONCALL_OPSGENIE_URL: ${URL_HINT}`,
    );
  }

  private authError(status: number, message: string): OncallError {
    return new OncallError(
      "auth",
      `${this.service} refused the ${this.o.authorization ? "credentials" : "API key"} (HTTP ${status}: ${message})`,
      this.o.keyHint ?? KEY_HINT,
    );
  }

  private redirectError(r: Reply, what: string): OncallError {
    const to = r.headers.get("location");
    return new OncallError(
      "rejected",
      `${this.service} answered ${what} with a redirect (HTTP ${r.status}${to ? ` to ${this.printable(to, 200)}` : ""}), which oncall does not follow`,
      "check opsgenie.region and ONCALL_OPSGENIE_URL: the API answers at its own address",
    );
  }

  /**
   * POST /v2/alerts; returns the request id. `onMaybeAccepted` runs once Opsgenie may have the
   * request: a 2xx arrived, or the connection broke after it was opened.
   */
  async createAlert(body: unknown, onMaybeAccepted: () => void): Promise<string> {
    for (let attempt = 0; ; attempt++) {
      this.o.status?.("Sending the alert to Opsgenie…");
      let r: Reply;
      try {
        r = await this.call("POST", "/v2/alerts", body, (status) => {
          if (status >= 200 && status < 300) onMaybeAccepted();
        });
      } catch (e) {
        if (e instanceof BrokenBody) {
          if (e.status >= 200 && e.status < 300) {
            throw new Unavailable(
              `Opsgenie accepted the alert (HTTP ${e.status}) but its answer was cut off (${describe(e.cause)})`,
            );
          }
          // an error answer whose body broke: nothing was accepted, so retry like a network error
          this.lastError = `HTTP ${e.status}, answer cut off`;
          await this.wait(this.backoff(attempt), this.lastError);
          continue;
        }
        const cause = (e as { cause?: { code?: string; message?: string } }).cause;
        if (cause?.message === "bad port") throw this.badPort();
        const code = cause?.code ?? "";
        if (!NOT_SENT.includes(code)) onMaybeAccepted();
        if (this.o.signal?.aborted || e instanceof Unavailable) throw e;
        this.lastError = code || (e as Error).message;
        await this.wait(this.backoff(attempt), `network error: ${this.lastError}`);
        continue;
      }
      if (r.status >= 200 && r.status < 300) {
        if (r.tooLarge)
          throw new Unavailable(
            `Opsgenie accepted the alert (HTTP ${r.status}) but its answer is larger than 1 MiB, so it was not read`,
          );
        const id = (r.json as { requestId?: unknown } | undefined)?.requestId;
        if (typeof id === "string" && id) return id;
        throw new Unavailable(
          r.json === undefined
            ? `Opsgenie accepted the alert (HTTP ${r.status}) but its answer is not JSON: ${this.printable(r.text, 200) || "(empty)"}`
            : `Opsgenie accepted the alert (HTTP ${r.status}) but returned no request id`,
        );
      }
      if (isRedirect(r.status)) throw this.redirectError(r, "the alert");
      const message = this.message(r);
      if (r.status === 401 || r.status === 403) throw this.authError(r.status, message);
      if (r.status === 422 && /key|integration|api|permission|authori/i.test(message))
        throw this.authError(r.status, message);
      if (r.status === 429) {
        const asked = retryAfterMs(r.headers, this.net.now()) ?? 0;
        await this.wait(Math.max(asked, this.backoff(attempt)), "rate limited (429)");
        continue;
      }
      if (r.status >= 500) {
        this.lastError = `HTTP ${r.status}`;
        await this.wait(this.backoff(attempt), this.lastError);
        continue;
      }
      throw new OncallError("rejected", `Opsgenie rejected the alert (HTTP ${r.status}): ${message}`);
    }
  }

  /**
   * GET `path` and its JSON answer, with the retries of createAlert (network errors, cut-off
   * bodies, 429 as asked, 5xx) under a deadline of its own, `ms` from now: a pull makes thousands of
   * requests, and each gets what one escalation gets. A GET changes nothing, so every failure
   * before an answer is retried alike. Out of time or unreachable: isUnavailable; 401/403: auth;
   * another 4xx: rejected, with the service's message.
   */
  async getJson(path: string, what: string, ms: number): Promise<unknown> {
    this.deadline = this.net.now() + ms;
    for (let attempt = 0; ; attempt++) {
      let r: Reply;
      try {
        r = await this.call("GET", path, undefined);
      } catch (e) {
        const broken = e instanceof BrokenBody;
        const reason = broken ? e.cause : e;
        if (this.o.signal?.aborted) throw reason;
        if (reason instanceof Unavailable)
          throw new Unavailable(
            broken
              ? `out of time: the answer to ${what} stopped arriving (HTTP ${(e as BrokenBody).status})`
              : `out of time waiting for ${what}${this.lastError ? ` (${this.lastError})` : ""}`,
          );
        const cause = (e as { cause?: { message?: string } }).cause;
        if (!broken && cause?.message === "bad port") throw this.badPort();
        this.lastError = broken ? `HTTP ${(e as BrokenBody).status}, answer cut off` : describe(e);
        await this.wait(this.backoff(attempt), this.lastError);
        continue;
      }
      if (r.status >= 200 && r.status < 300) {
        if (r.json !== undefined) return r.json;
        this.lastError = r.tooLarge
          ? `HTTP ${r.status}, an answer larger than ${Math.round((this.o.maxAnswerBytes ?? MAX_ANSWER) / 1024 / 1024)} MiB, not read`
          : `HTTP ${r.status}, an answer that is not JSON: ${this.printable(r.text, 100) || "(empty)"}`;
        throw new Unavailable(
          `${this.service} answered ${what} with ${this.lastError.slice(`HTTP ${r.status}, `.length)}`,
        );
      }
      if (isRedirect(r.status)) throw this.redirectError(r, what);
      const message = this.message(r);
      if (r.status === 401 || r.status === 403) throw this.authError(r.status, message);
      if (r.status === 429) {
        this.lastError = "rate limited (429)";
        const asked = retryAfterMs(r.headers, this.net.now()) ?? 0;
        await this.wait(Math.max(asked, this.backoff(attempt)), this.lastError);
        continue;
      }
      if (r.status >= 500) {
        this.lastError = `HTTP ${r.status}`;
        await this.wait(this.backoff(attempt), this.lastError);
        continue;
      }
      throw new OncallError("rejected", `${this.service} rejected ${what} (HTTP ${r.status}): ${message}`);
    }
  }

  /** Polls GET /v2/alerts/requests/{id} (250 ms backing off to 2 s); 404 means not processed yet. */
  async confirm(requestId: string): Promise<Confirmed> {
    let delay = 250;
    for (let attempt = 0; ; attempt++) {
      this.o.status?.("Waiting for Opsgenie to confirm…");
      await this.wait(delay, "request not processed yet");
      delay = Math.min(2000, delay * 2);
      let r: Reply;
      try {
        r = await this.call("GET", `/v2/alerts/requests/${encodeURIComponent(requestId)}`, undefined);
      } catch (e) {
        if (this.o.signal?.aborted || e instanceof Unavailable) throw e;
        this.lastError = e instanceof BrokenBody ? `HTTP ${e.status}, answer cut off` : describe(e);
        continue;
      }
      if (r.status === 404) continue;
      if (isRedirect(r.status)) throw this.redirectError(r, "the request status query");
      if (r.status === 401 || r.status === 403) throw this.authError(r.status, this.message(r));
      if (r.status === 429) {
        delay = Math.max(delay, retryAfterMs(r.headers, this.net.now()) ?? 0, this.backoff(attempt));
        continue;
      }
      if (r.status >= 500) continue;
      if (r.tooLarge) {
        // like an answer that is not JSON: the request may still be confirmed by the next poll
        this.lastError = `HTTP ${r.status}, ${TOO_LARGE}`;
        continue;
      }
      if (r.status !== 200) {
        throw new OncallError(
          "rejected",
          `Opsgenie rejected the request status query (HTTP ${r.status}): ${this.message(r)}`,
        );
      }
      const data = (r.json as { data?: Record<string, unknown> } | undefined)?.data ?? {};
      const status = typeof data.status === "string" ? this.printable(data.status, 300) : "";
      if (data.isSuccess === false)
        throw new NotCreated(`Opsgenie did not create the alert: ${status || "isSuccess false"}`);
      if (data.isSuccess === true && typeof data.alertId === "string" && data.alertId) {
        return {
          requestId: this.printable(requestId, 200),
          alertId: this.printable(data.alertId, 100),
          status,
          deduplicated: /dedup|duplicat/i.test(status),
        };
      }
      // processed but not final yet, or an answer we could not read: keep polling
    }
  }
}

/** Errors that come before a connection is made: the request certainly never left. */
const NOT_SENT = ["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH", "EADDRNOTAVAIL"];

/** The status line arrived but the body did not (cut off, stalled past the deadline, Ctrl-C). */
class BrokenBody extends Error {
  constructor(
    readonly status: number,
    override readonly cause: unknown,
  ) {
    super(`HTTP ${status}: the answer was cut off`);
  }
}

function describe(e: unknown): string {
  if (e instanceof Unavailable) return e.message;
  const code =
    (e as { cause?: { code?: string }; code?: string })?.cause?.code ?? (e as { code?: string })?.code;
  return code ?? (e as Error)?.message ?? String(e);
}
