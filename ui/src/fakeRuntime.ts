// A fake runtime for the page tests: every call to fetch is recorded and answered by a route function.

export type Call = { method: string; url: string; body: unknown };
export type Route = (method: string, url: string, body: unknown) => [number, unknown];

export function serve(route: Route): Call[] {
  const calls: Call[] = [];
  vi.spyOn(globalThis, 'fetch').mockImplementation((input, init) => {
    const method = init?.method ?? 'GET';
    const url = String(input);
    const body = init?.body ? JSON.parse(init.body as string) : undefined;
    calls.push({ method, url, body });
    const [status, answer] = route(method, url, body);
    return Promise.resolve(new Response(answer === null ? null : JSON.stringify(answer), { status }));
  });
  return calls;
}

export const problem = (status: number, code: string, message: string): [number, unknown] => [status, { error: { code, message, details: [] } }];
export const writes = (calls: Call[]) => calls.filter((c) => c.method !== 'GET');
export const page = (items: unknown[], next_cursor: string | null = null): [number, unknown] => [200, { items, next_cursor }];
