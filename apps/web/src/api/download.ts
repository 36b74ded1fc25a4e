import { session } from '../app/session';
import { ApiError } from './client';

/**
 * Saves an authenticated file (export, PDF, attachment): the API wants the session's bearer token, so no plain
 * link; fetch, then a blob link. The file is named `name`, or the server's Content-Disposition name first when
 * `serverName` is set. Answers the name used; a refusal throws the problem as an ApiError.
 */
export async function download(path: string, name: string, { serverName = false } = {}): Promise<string> {
  const headers = new Headers({ authorization: `Bearer ${session.token() ?? ''}`, 'accept-language': session.language() });
  session.stamp(headers);
  const res = await fetch(path, { headers, credentials: 'same-origin' });
  if (!res.ok) {
    let code = `HTTP_${res.status}`;
    try { code = ((await res.json()) as { code?: string }).code ?? code; } catch { /* not JSON */ }
    throw new ApiError(res.status, { code });
  }
  const fileName = (serverName ? /filename="?([^";]+)"?/.exec(res.headers.get('content-disposition') ?? '')?.[1] : undefined) ?? name;
  const url = URL.createObjectURL(await res.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
  return fileName;
}
