// Signs a test user in at the test OpenID provider without a browser: follows its redirects with a
// cookie jar, fills its development login form (any password) and its consent form, and stops at
// the app's callback URL, which it returns for the app to take (code, state, iss).
export async function loginAtProvider(authorizationUrl: string, user: string, callbackPrefix: string): Promise<string> {
  const jar = new Map<string, string>();
  const cookieHeader = () => [...jar].map(([k, v]) => `${k}=${v}`).join("; ");
  const keep = (res: Response) => {
    for (const c of res.headers.getSetCookie()) {
      const [pair = ""] = c.split(";");
      const eq = pair.indexOf("=");
      if (eq > 0) jar.set(pair.slice(0, eq).trim(), pair.slice(eq + 1).trim());
    }
  };
  let url = authorizationUrl;
  let method = "GET";
  let body: string | undefined;
  for (let step = 0; step < 20; step++) {
    if (url.startsWith(callbackPrefix)) return url;
    const res = await fetch(url, {
      method,
      redirect: "manual",
      headers: { cookie: cookieHeader(), ...(body ? { "content-type": "application/x-www-form-urlencoded" } : {}) },
      body,
    });
    keep(res);
    method = "GET";
    body = undefined;
    const location = res.headers.get("location");
    if (location) {
      url = new URL(location, url).href;
      continue;
    }
    const html = await res.text();
    const action = /<form[^>]*action="([^"]+)"[^>]*method="post"/i.exec(html)?.[1];
    if (!res.ok || !action) throw new Error(`the provider answered ${res.status} without a form at ${url}: ${html.slice(0, 300)}`);
    const form = new URLSearchParams();
    for (const m of html.matchAll(/<input[^>]*type="hidden"[^>]*name="([^"]+)"[^>]*value="([^"]*)"/gi)) form.set(m[1]!, m[2]!);
    if (/name="login"/.test(html)) {
      form.set("login", user);
      form.set("password", "any");
    }
    url = new URL(action.replace(/&amp;/g, "&"), url).href;
    method = "POST";
    body = form.toString();
  }
  throw new Error("the provider never sent the browser back to the app");
}
