type Fetch = (request: Request, ...rest: never[]) => Response | Promise<Response>;

/**
 * A 413 is answered before the body was read, and the unread rest of it would then be parsed as the next
 * request on a keep-alive connection (the client sees "socket hang up"). `Connection: close` makes Node close
 * the connection after the answer and tells the client to send its next request on a fresh one.
 */
export function closeAfterRefusedBody<F extends Fetch>(fetch: F): F {
  return (async (request: Request, ...rest: never[]) => {
    const response = await fetch(request, ...rest);
    if (response.status !== 413) return response;
    const headers = new Headers(response.headers);
    headers.set('connection', 'close');
    return new Response(response.body, { status: response.status, headers });
  }) as F;
}
