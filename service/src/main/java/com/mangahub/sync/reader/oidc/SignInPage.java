package com.mangahub.sync.reader.oidc;

import com.mangahub.sync.web.HtmlText;
import io.javalin.http.Context;

/**
 * The plain page a refused sign-in lands on: what went wrong, in words, and the way back. The reason is text (escaped:
 * it may quote a claim the provider sent), and the page runs no script and loads nothing.
 */
final class SignInPage {
    private SignInPage() {}

    static void refused(Context ctx, int status, String reason) {
        ctx.status(status)
                .header("Content-Security-Policy", "default-src 'none'; base-uri 'none'; form-action 'none'")
                .header("Cache-Control", "no-store")
                .contentType("text/html; charset=utf-8")
                .result("<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                        + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                        + "<title>Sign-in refused · MangaHub Sync</title></head>\n<body><main>"
                        + "<h1>Sign-in refused</h1>\n<p id=\"reason\">" + HtmlText.escape(reason) + "</p>\n"
                        + "<p>You are not signed in. <a href=\"/\">Back to MangaHub Sync</a></p></main></body></html>\n");
    }
}
