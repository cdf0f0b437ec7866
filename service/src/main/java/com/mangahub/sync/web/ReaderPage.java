package com.mangahub.sync.web;

import io.javalin.http.staticfiles.Location;
import io.javalin.http.staticfiles.StaticFileConfig;
import java.util.Map;

/**
 * The reader's web app at {@code /} (index.html, style.css and the ES modules under js/, from the classpath; no build
 * step): notifications live over server-sent events, library, catalogue, series pages, settings and the operator's
 * status. It uses only the public API with the reader's own token (the admin token on the status page), so it needs
 * no privilege of its own. The policy headers allow nothing but this origin's own files, images included (covers
 * come through our cover proxy): a title from MangaDex can never run as script. The page is installable (manifest.json,
 * icons) and its service worker (sw.js, scope /) shows Web Push notifications.
 */
final class ReaderPage {
    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; "
            + "connect-src 'self'; img-src 'self'; manifest-src 'self'; worker-src 'self'; form-action 'self'; "
            + "base-uri 'none'; frame-ancestors 'none'";

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
