import { OncallError } from "../errors";

export type Provider = "opsgenie" | "jsm";

/** Where alerts are created (SPEC §6); ONCALL_OPSGENIE_URL overrides it (tests, proxies). */
export function baseUrl(provider: Provider, region: "us" | "eu", env: NodeJS.ProcessEnv): string {
  const override = env.ONCALL_OPSGENIE_URL;
  if (override) return override.replace(/\/+$/, "");
  if (provider === "jsm") return "https://api.atlassian.com/jsm/ops/integration";
  return region === "eu" ? "https://api.eu.opsgenie.com" : "https://api.opsgenie.com";
}

export interface ClientOptions {
  baseUrl: string;
  apiKey: string;
  /** sending and polling share this deadline (epoch ms) */
  deadline: number;
  signal?: AbortSignal;
  now?: () => number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  random?: () => number;
  /** called with each attempt, for --verbose (never with the key) */
  log?: (line: string) => void;
}

export interface Confirmed {
  requestId: string;
  alertId: string;
  status: string;
  deduplicated: boolean;
}

const KEY_HINT =
  "use the key of the team's Default API integration (Opsgenie: Teams → your team → Integrations → Default API → API key); a global API key or the ops_team integration's does not work";

function defaultSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const t = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(t);
      reject(signal?.reason);
    };
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

/** The wait a 429 asks for: Retry-After (seconds or a date) or X-RateLimit-Period-In-Sec. */
function retryAfterMs(res: Response, now: number): number | null {
  const ra = res.headers.get("retry-after");
  if (ra) {
    const s = Number(ra);
    if (Number.isFinite(s)) return s * 1000;
    const d = Date.parse(ra);
    if (!Number.isNaN(d)) return Math.max(0, d - now);
  }
  const period = Number(res.headers.get("x-ratelimit-period-in-sec"));
  return Number.isFinite(period) && period > 0 ? period * 1000 : null;
}

async function messageOf(res: Response): Promise<string> {
  try {
    const body = (await res.json()) as { message?: unknown; errors?: unknown };
    if (typeof body.message === "string" && body.message) return body.message;
    return JSON.stringify(body).slice(0, 300);
  } catch {
    return res.statusText || `HTTP ${res.status}`;
  }
}

class Unavailable extends Error {}

/**
 * Opsgenie's alert API through Node's fetch: create an alert, then confirm it through the request
 * status. Network errors, 429 and 5xx are retried with exponential backoff and jitter; other
 * 4xx are not. Every wait is checked against one deadline before it starts.
 */
export class OpsgenieClient {
  private readonly now: () => number;
  private readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  private readonly random: () => number;
  /** the last network error, for the message when time runs out */
  lastError: string | null = null;

  constructor(private readonly o: ClientOptions) {
    this.now = o.now ?? Date.now;
    this.sleep = o.sleep ?? defaultSleep;
    this.random = o.random ?? Math.random;
  }

  private headers(): Record<string, string> {
    return {
      Authorization: `GenieKey ${this.o.apiKey}`,
      "Content-Type": "application/json",
      Accept: "application/json",
    };
  }

  private async wait(ms: number, why: string): Promise<void> {
    if (this.now() + ms > this.o.deadline) throw new Unavailable(`out of time (${why})`);
    this.o.log?.(`waiting ${ms} ms: ${why}`);
    await this.sleep(ms, this.o.signal);
  }

  private backoff(attempt: number): number {
    const cap = Math.min(8000, 500 * 2 ** attempt);
    return Math.round(cap / 2 + (this.random() * cap) / 2);
  }

  private async call(method: string, path: string, body?: unknown): Promise<Response> {
    const remaining = this.o.deadline - this.now();
    if (remaining <= 0) throw new Unavailable("out of time");
    // One controller for the deadline and Ctrl-C, held here until the call ends: Node 20's
    // AbortSignal.any() holds its sources weakly, so a timeout signal could be collected unfired.
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(new Unavailable("out of time")), remaining);
    const outer = this.o.signal;
    const forward = () => controller.abort(outer?.reason);
    outer?.addEventListener("abort", forward, { once: true });
    this.o.log?.(`${method} ${this.o.baseUrl}${path}`);
    try {
      return await fetch(`${this.o.baseUrl}${path}`, {
        method,
        headers: this.headers(),
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: controller.signal,
      });
    } catch (e) {
      if (controller.signal.aborted && controller.signal.reason instanceof Unavailable)
        throw controller.signal.reason;
      throw e;
    } finally {
      clearTimeout(timer);
      outer?.removeEventListener("abort", forward);
    }
  }

  private authError(status: number, message: string): OncallError {
    return new OncallError("auth", `Opsgenie refused the API key (HTTP ${status}: ${message})`, KEY_HINT);
  }

  /**
   * POST /v2/alerts; returns the request id. `onMaybeSent` runs once an attempt may have reached
   * Opsgenie: anything but a refused or unresolvable connection.
   */
  async createAlert(body: unknown, onMaybeSent: () => void): Promise<string> {
    for (let attempt = 0; ; attempt++) {
      let res: Response;
      try {
        res = await this.call("POST", "/v2/alerts", body);
        onMaybeSent();
      } catch (e) {
        const code = ((e as { cause?: { code?: string } }).cause?.code ?? "") as string;
        if (!["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN"].includes(code)) onMaybeSent();
        if (this.o.signal?.aborted) throw e;
        if (e instanceof Unavailable) throw e;
        this.lastError = code ? `${code}` : (e as Error).message;
        await this.wait(this.backoff(attempt), `network error: ${this.lastError}`);
        continue;
      }
      if (res.status === 202 || res.status === 200) {
        const json = (await res.json().catch(() => ({}))) as { requestId?: unknown };
        if (typeof json.requestId === "string" && json.requestId) return json.requestId;
        throw new OncallError("rejected", "Opsgenie accepted the alert but returned no request id");
      }
      const message = await messageOf(res);
      if (res.status === 401 || res.status === 403) throw this.authError(res.status, message);
      if (res.status === 422 && /key|integration|api|permission|authori/i.test(message))
        throw this.authError(res.status, message);
      if (res.status === 429) {
        await this.wait(retryAfterMs(res, this.now()) ?? this.backoff(attempt), "rate limited (429)");
        continue;
      }
      if (res.status >= 500) {
        await this.wait(this.backoff(attempt), `HTTP ${res.status}`);
        continue;
      }
      throw new OncallError("rejected", `Opsgenie rejected the alert (HTTP ${res.status}): ${message}`);
    }
  }

  /** Polls GET /v2/alerts/requests/{id} (250 ms backing off to 2 s); 404 means not processed yet. */
  async confirm(requestId: string): Promise<Confirmed> {
    let delay = 250;
    for (let attempt = 0; ; attempt++) {
      await this.wait(delay, "request not processed yet");
      delay = Math.min(2000, delay * 2);
      let res: Response;
      try {
        res = await this.call("GET", `/v2/alerts/requests/${encodeURIComponent(requestId)}`);
      } catch (e) {
        if (this.o.signal?.aborted || e instanceof Unavailable) throw e;
        continue;
      }
      if (res.status === 404) continue;
      if (res.status === 401 || res.status === 403) throw this.authError(res.status, await messageOf(res));
      if (res.status === 429) {
        const ms = retryAfterMs(res, this.now());
        if (ms !== null) delay = Math.max(delay, ms);
        continue;
      }
      if (res.status >= 500) continue;
      if (res.status !== 200) {
        throw new OncallError(
          "rejected",
          `Opsgenie rejected the request status query (HTTP ${res.status}): ${await messageOf(res)}`,
        );
      }
      const data = ((await res.json().catch(() => ({}))) as { data?: Record<string, unknown> }).data ?? {};
      const status = typeof data.status === "string" ? data.status : "";
      if (data.isSuccess === false)
        throw new OncallError(
          "rejected",
          `Opsgenie did not create the alert: ${status || "isSuccess false"}`,
        );
      if (data.isSuccess === true && typeof data.alertId === "string" && data.alertId) {
        return { requestId, alertId: data.alertId, status, deduplicated: /dedup|duplicat/i.test(status) };
      }
      void attempt; // processed but not final yet: keep polling
    }
  }
}

export function isUnavailable(e: unknown): e is Error {
  return e instanceof Unavailable;
}
