/**
 * Keeps credentials out of everything leak-score prints (issue 6, Fetch:
 * "every printed URL, error and JSON output has credentials redacted").
 *
 * Two layers: structural — URL userinfo and credential-like query
 * parameters are replaced wherever a URL appears — and literal — every known
 * secret (password, bearer token, the Basic header value) is replaced
 * wherever it appears, in case some library echoes it.
 */

export const REDACTED = '<redacted>';

/** Query parameter names that carry credentials in some proxies. */
const SECRET_PARAM = /^(?:access_?token|token|api_?key|apikey|key|secret|password|passwd|pass|auth|authorization|sig|signature)$/i;

/** `scheme://userinfo@` anywhere in a text. */
const USERINFO = /\b([a-z][a-z0-9+.-]*:\/\/)[^/?#@\s]*@/gi;

/** A URL with userinfo and credential query parameters redacted. Unparseable text is redacted as text. */
export function redactUrl(url: string | URL): string {
  let parsed: URL;
  try {
    parsed = new URL(String(url));
  } catch {
    return String(url).replace(USERINFO, `$1${REDACTED}@`);
  }
  const hadUserinfo = parsed.username !== '' || parsed.password !== '';
  parsed.username = '';
  parsed.password = '';
  for (const name of [...parsed.searchParams.keys()]) {
    if (SECRET_PARAM.test(name)) parsed.searchParams.set(name, 'REDACTED');
  }
  let text = parsed.toString().replace(/REDACTED/g, REDACTED);
  if (hadUserinfo) text = text.replace('://', `://${REDACTED}@`);
  return text;
}

/** Replaces the given secrets (and any URL userinfo) in free text. */
export class Redactor {
  private readonly secrets: string[];

  constructor(secrets: ReadonlyArray<string | undefined>) {
    const unique = new Set<string>();
    for (const secret of secrets) {
      // One- and two-character "secrets" would shred ordinary words; those are still
      // removed structurally from URLs, and never sent anywhere but a header.
      if (secret !== undefined && secret.length >= 3) {
        unique.add(secret);
        unique.add(encodeURIComponent(secret));
      }
    }
    this.secrets = [...unique].sort((a, b) => b.length - a.length);
  }

  redact(text: string): string {
    let result = text.replace(USERINFO, `$1${REDACTED}@`);
    for (const secret of this.secrets) result = result.split(secret).join(REDACTED);
    return result;
  }
}
