// The workspace API as the page calls it: the access token comes from the URL the server printed
// (`?token=`), is kept in this tab's session storage, and is removed from the address bar so that a
// bookmarked or shared view never carries it. Every call sends it as a Bearer token; writes (POST) also
// send the header X-Ledgerhound-Request, which a page of another site cannot send here (CSRF).

const KEY = 'ledgerhound-token';

export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly code: string,
  ) {
    super(message);
  }
}

/** Takes the token from the URL (once) and cleans the address bar. */
export function initToken(): void {
  const url = new URL(location.href);
  const token = url.searchParams.get('token');
  if (token) {
    sessionStorage.setItem(KEY, token);
    url.searchParams.delete('token');
    history.replaceState(null, '', url.pathname + url.search + url.hash);
  }
}

/** GET /api/<path> with query fields (empty ones left out). */
export async function api<T>(path: string, query: Record<string, string | undefined> = {}): Promise<T> {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== '') params.set(k, v);
  const qs = params.toString();
  const res = await fetch(`/api/${path}${qs ? `?${qs}` : ''}`, { headers: { Authorization: `Bearer ${sessionStorage.getItem(KEY) ?? ''}` } });
  const body = (await res.json()) as { error?: { code: string; message: string } };
  if (!res.ok) throw new ApiError(body.error?.message ?? res.statusText, res.status, body.error?.code ?? 'OTHER');
  return body as T;
}

/** POST /api/<path> with a JSON body (the workspace's writes: notes, fetching). */
export async function apiPost<T>(path: string, body: Record<string, unknown>): Promise<T> {
  const res = await fetch(`/api/${path}`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${sessionStorage.getItem(KEY) ?? ''}`, 'Content-Type': 'application/json', 'X-Ledgerhound-Request': '1' },
    body: JSON.stringify(body),
  });
  const answer = (await res.json()) as { error?: { code: string; message: string } };
  if (!res.ok) throw new ApiError(answer.error?.message ?? res.statusText, res.status, answer.error?.code ?? 'OTHER');
  return answer as T;
}
