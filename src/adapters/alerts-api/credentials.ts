import { OncallError } from "../../errors";
import { apiKeyProblem } from "../opsgenie";
import type { Settings } from "../settings";
import { JSM_TOKEN_HINT } from "./jsm";
import { PULL_KEY_HINT } from "./opsgenie";

export interface PullCredentials {
  /** what every message is scrubbed of */
  secret: string;
  /** the Authorization header when it is not `GenieKey <secret>` */
  authorization?: string;
  /** where the secret came from, for messages: a variable's name or the settings file, never the value */
  from: string;
}

interface OpsgenieSection {
  apiKeyEnv: string;
  apiTokenEnv: string;
}

/**
 * Whether a pull has credentials to try, without checking them: what decides if a command given no
 * logs pulls its period (SPEC §9) or asks for logs.
 */
export function pullConfigured(
  provider: "opsgenie" | "jsm",
  section: OpsgenieSection,
  env: NodeJS.ProcessEnv,
  settings: Settings,
): boolean {
  const has = (v: string | undefined, key: "opsgenie.apiKey" | "jsm.email" | "jsm.apiToken") =>
    Boolean(v) || (typeof settings.get(key) === "string" && settings.get(key) !== "");
  if (provider === "opsgenie") return has(env[section.apiKeyEnv], "opsgenie.apiKey");
  return has(env.ONCALL_JSM_EMAIL, "jsm.email") && has(env[section.apiTokenEnv], "jsm.apiToken");
}

/**
 * The credentials of a pull (SPEC §10): Opsgenie's key from the variable `apiKeyEnv` names or the
 * setting `opsgenie.apiKey`; JSM's account email (ONCALL_JSM_EMAIL or `jsm.email`) and API token
 * (the variable `apiTokenEnv` names or `jsm.apiToken`), sent as Basic auth. The settings file is
 * read only for what the environment does not give, so a broken one stops nobody who does not
 * need it. `known` learns the secret before anything can fail with it in a message.
 */
export function pullCredentials(
  provider: "opsgenie" | "jsm",
  section: OpsgenieSection,
  env: NodeJS.ProcessEnv,
  settings: Settings,
  known: (secret: string) => void,
): PullCredentials {
  const setting = (key: "opsgenie.apiKey" | "jsm.email" | "jsm.apiToken") => {
    const v = settings.get(key);
    return typeof v === "string" ? v : "";
  };
  const whence = (fromEnv: boolean, name: string) =>
    fromEnv ? `$${name}` : `your personal settings (${settings.path})`;
  if (provider === "opsgenie") {
    const name = section.apiKeyEnv;
    const key = env[name] || setting("opsgenie.apiKey");
    if (!key)
      throw new OncallError(
        "auth",
        `no Opsgenie API key: $${name} is not set and there is none in your personal settings`,
        `export an API integration key with read access in ${name}, or run: oncall config set opsgenie.apiKey (docs/pulling.md)`,
      );
    known(key);
    return checked(
      { secret: key, from: whence(Boolean(env[name]), name) },
      "Opsgenie API key",
      PULL_KEY_HINT,
    );
  }
  const email = env.ONCALL_JSM_EMAIL || setting("jsm.email");
  if (!email)
    throw new OncallError(
      "auth",
      "no Atlassian account email for JSM: ONCALL_JSM_EMAIL is not set and neither is the personal setting jsm.email",
      "run: oncall config set jsm.email you@example.com (docs/pulling.md)",
    );
  const name = section.apiTokenEnv;
  const token = env[name] || setting("jsm.apiToken");
  if (!token)
    throw new OncallError(
      "auth",
      `no JSM API token: $${name} is not set and there is none in your personal settings`,
      `export your Atlassian API token in ${name}, or run: oncall config set jsm.apiToken (docs/pulling.md)`,
    );
  known(token);
  if (/[\r\n:]/.test(email))
    throw new OncallError(
      "auth",
      "the JSM account email has a line break or a colon in it, so it cannot be sent",
    );
  const basic = Buffer.from(`${email}:${token}`).toString("base64");
  // a service echoing the header back would show the token encoded: scrubbed as well
  known(basic);
  return checked(
    {
      secret: token,
      authorization: `Basic ${basic}`,
      from: whence(Boolean(env[name]), name),
    },
    JSM_TOKEN,
    JSM_TOKEN_HINT,
  );
}

const JSM_TOKEN = "JSM API token";
/** What a JSM token looks like, for a value too short to be one. */
export const JSM_TOKEN_LENGTH = "an Atlassian API token is about 190 characters";

/** A secret that would break the header (a line break, a space) is refused before anything is sent. */
function checked(c: PullCredentials, what: string, hint: string): PullCredentials {
  const bad = apiKeyProblem(c.secret, what === JSM_TOKEN ? JSM_TOKEN_LENGTH : undefined);
  if (bad) throw new OncallError("auth", `the ${what} in ${c.from} ${bad}, so it cannot be sent`, hint);
  return c;
}
