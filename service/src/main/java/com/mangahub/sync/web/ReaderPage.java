package com.mangahub.sync.web;

import io.javalin.http.staticfiles.Location;
import io.javalin.http.staticfiles.StaticFileConfig;
import java.util.Map;

/**
 * The reader's web page at {@code /} (index.html, app.js, style.css from the classpath): sign in with a reader token,
 * see the notification log live over server-sent events, follow series from the catalogue. It uses only the public
 * API with the reader's own token, so it needs no privilege of its own. The policy headers allow nothing but this
 * origin's own files: a title from MangaDex can never run as script.
 */
final class ReaderPage {
    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; "
            + "connect-src 'self'; img-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

    private ReaderPage() {}

    static void configure(StaticFileConfig files) {
        files.hostedPath = "/";
        files.directory = "/web";
        files.location = Location.CLASSPATH;
        files.headers = Map.of("Content-Security-Policy", CONTENT_SECURITY_POLICY,
                "X-Content-Type-Options", "nosniff", "Referrer-Policy", "no-referrer",
                "Cache-Control", "no-cache");
    }
}
