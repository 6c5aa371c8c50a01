// The dashboard's client of the mroi JSON API (docs/api.md), same origin. Every call
// resolves, never rejects: {ok: true, data} or {ok: false, status, code, message}, where
// an HTTP error's body {"error": {"code", "message"}} is unpacked and a network failure
// has status 0. Responses of GET routes are cached until invalidate() (after an import).
// A 503 "still being computed" is retried after its Retry-After (at most 1 s, 60 tries).

const cache = new Map();
const RETRIES_503 = 60;

const sleep = (ms) => new Promise((resolve) => { setTimeout(resolve, ms); });

async function unpack(response) {
  let body = null;
  const text = await response.text();
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    body = null;
  }
  if (response.ok && body !== null) return { ok: true, data: body };
  const error = body && body.error ? body.error : {};
  return {
    ok: false,
    status: response.status,
    code: error.code || (response.ok ? 'bad_json' : `http_${response.status}`),
    message: error.message || (response.ok ? 'the server sent no JSON' : `${response.status} ${response.statusText}`),
  };
}

/** Builds "/api/<route>?k=v&…", leaving out empty values and repeating array values. */
export function url(route, params = {}) {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined || value === null || value === '') continue;
    for (const one of Array.isArray(value) ? value : [value]) query.append(key, String(one));
  }
  const qs = query.toString();
  return `/api/${route}${qs ? `?${qs}` : ''}`;
}

/** GET /api/<route> with query `params`; cached unless `fresh`. */
export async function get(route, params = {}, { fresh = false, signal } = {}) {
  const address = url(route, params);
  if (!fresh && cache.has(address)) return cache.get(address);
  let result;
  for (let attempt = 0; ; ++attempt) {
    try {
      const response = await fetch(address, { headers: { Accept: 'application/json' }, signal });
      if (response.status === 503 && attempt < RETRIES_503) {
        const wait = Math.min(1000, 1000 * Number(response.headers.get('Retry-After') || 1));
        await sleep(wait);
        continue;
      }
      result = await unpack(response);
    } catch (error) {
      if (error && error.name === 'AbortError') return { ok: false, status: 0, code: 'aborted', message: 'aborted' };
      result = { ok: false, status: 0, code: 'network', message: `cannot reach the server (${error})` };
    }
    break;
  }
  if (result.ok) cache.set(address, result);
  return result;
}

/** POST `body` (a File, Blob or string) to /api/<route> with query `params`; never cached. */
export async function post(route, params, body, contentType = 'application/octet-stream') {
  try {
    const response = await fetch(url(route, params), {
      method: 'POST', body, headers: { 'Content-Type': contentType, Accept: 'application/json' },
    });
    return await unpack(response);
  } catch (error) {
    return { ok: false, status: 0, code: 'network', message: `cannot reach the server (${error})` };
  }
}

/** Forgets every cached response (the data changed). */
export function invalidate() {
  cache.clear();
}
