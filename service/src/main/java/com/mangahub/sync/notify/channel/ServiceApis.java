package com.mangahub.sync.notify.channel;

import java.net.URI;

/**
 * Where the hosted services' APIs are: Telegram's Bot API and Pushover's, by default their public servers. The operator
 * may point them elsewhere (a local Bot API server, a proxy; the tests' local stand-ins); a channel keeps the base it
 * was created with, so its host (what the per-host limit counts) never changes under it.
 */
public record ServiceApis(URI telegram, URI pushover) {
    public static final URI TELEGRAM = URI.create("https://api.telegram.org");
    public static final URI PUSHOVER = URI.create("https://api.pushover.net");

    public static ServiceApis defaults() {
        return new ServiceApis(TELEGRAM, PUSHOVER);
    }

    /** The base without trailing slashes, for appending paths. */
    static String base(URI uri) {
        return uri.toString().replaceAll("/+$", "");
    }
}
