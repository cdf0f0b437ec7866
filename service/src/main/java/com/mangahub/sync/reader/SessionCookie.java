package com.mangahub.sync.reader;

import io.javalin.http.Context;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * The browser session's cookie and the checks a cookie-authenticated request must pass. The cookie is
 * {@code HttpOnly} (no script reads it), {@code SameSite=Lax} (another site's form or script does not carry it) and
 * {@code Secure} when the page came over HTTPS or the public URL is https. Because a cookie is sent by the browser
 * whoever made the page, every mutating request made with it also carries the session's CSRF token in
 * {@value #CSRF_HEADER} and, when the browser says where it came from, comes from this service's own origin.
 *
 * @param publicUrl where readers reach the service ({@code MANGAHUB_PUBLIC_URL}), the origin pages must come from;
 *                  without it, the origin the request was addressed to (as a trusted proxy forwarded it)
 * @param prefix    the path a reverse proxy serves the service under ({@code MANGAHUB_PATH_PREFIX}, e.g.
 *                  {@code /manga}, and strips before forwarding), or empty: the cookie's path and every address
 *                  this service gives the browser start with it
 */
public record SessionCookie(Optional<URI> publicUrl, String prefix) {
    public static final String NAME = "mangahub_session";
    public static final String CSRF_HEADER = "X-CSRF-Token";

    public static SessionCookie atRoot() {
        return new SessionCookie(Optional.empty(), "");
    }

    /** The cookie's path: the prefix, or the whole site. */
    public String path() {
        return prefix.isEmpty() ? "/" : prefix;
    }

    /** Where the service's own paths start for the browser: the public URL, else this request's origin and prefix. */
    public String publicBase(Context ctx) {
        return publicUrl.map(u -> u.toString().replaceAll("/+$", "")).orElse(ownOrigin(ctx) + prefix);
    }

    /** The session secret the request's cookie carries, or null. */
    public String secret(Context ctx) {
        return ctx.cookie(NAME);
    }

    public void set(Context ctx, String secret, Duration maxAge) {
        add(ctx, NAME, secret, path(), maxAge);
        ctx.header("Cache-Control", "no-store");
    }

    /** Tells the browser to forget the cookie (sign-out). */
    public void clear(Context ctx) {
        add(ctx, NAME, "", path(), Duration.ZERO);
    }

    /**
     * Adds one HttpOnly, SameSite=Lax cookie (Secure under HTTPS) beside any other the answer sets: {@code value}
     * must be URL-safe (the secrets here are base64url).
     */
    public void add(Context ctx, String name, String value, String cookiePath, Duration maxAge) {
        ctx.res().addHeader("Set-Cookie", name + "=" + value + "; Path=" + cookiePath + "; Max-Age=" + maxAge.toSeconds()
                + "; HttpOnly; SameSite=Lax" + (secure(ctx) ? "; Secure" : ""));
    }

    /** Where the service is reached from outside: the public URL, else the origin this request was addressed to. */
    public String ownOrigin(Context ctx) {
        return publicUrl.map(SessionCookie::origin).orElse(ctx.scheme() + "://" + ctx.host());
    }

    private boolean secure(Context ctx) {
        return "https".equalsIgnoreCase(ctx.scheme())
                || publicUrl.map(u -> "https".equalsIgnoreCase(u.getScheme())).orElse(false);
    }

    /**
     * Whether the browser says the request came from a page of this service: its {@code Origin} is ours, or, with no
     * {@code Origin}, its {@code Sec-Fetch-Site} is not another site's. A client that sends neither (curl, a script)
     * passes here; the CSRF token is what such a request must still have.
     */
    public boolean sameOrigin(Context ctx) {
        String origin = ctx.header("Origin");
        if (origin == null) {
            String site = ctx.header("Sec-Fetch-Site");
            return site == null || !site.toLowerCase(Locale.ROOT).equals("cross-site");
        }
        return origin.equalsIgnoreCase(ownOrigin(ctx));
    }

    private static String origin(URI url) {
        return url.getScheme() + "://" + url.getHost() + (url.getPort() < 0 ? "" : ":" + url.getPort());
    }
}
