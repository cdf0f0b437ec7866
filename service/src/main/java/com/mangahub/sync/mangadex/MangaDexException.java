package com.mangahub.sync.mangadex;

/**
 * Every way a MangaDex call can fail, as one sealed family so callers switch over it exhaustively. Unchecked.
 */
public abstract sealed class MangaDexException extends RuntimeException
        permits MangaDexException.RateLimited, MangaDexException.Banned, MangaDexException.NotFound,
        MangaDexException.BadRequest, MangaDexException.Unavailable, MangaDexException.BadResponse {

    MangaDexException(String message, Throwable cause) {
        super(message, cause);
    }

    /** A 429 that outlasted our retries. */
    public static final class RateLimited extends MangaDexException {
        public RateLimited(String message) {
            super(message, null);
        }
    }

    /** 403 with an HTML page: MangaDex's temporary IP ban. Everything backs off for long. */
    public static final class Banned extends MangaDexException {
        public Banned(String message) {
            super(message, null);
        }
    }

    public static final class NotFound extends MangaDexException {
        public NotFound(String message) {
            super(message, null);
        }
    }

    /** A 4xx with MangaDex's error code (e.g. bad_request_http_exception) and detail. Never retried. */
    public static final class BadRequest extends MangaDexException {
        private final int status;
        private final String code;

        public BadRequest(int status, String code, String detail) {
            super(status + " " + code + ": " + detail, null);
            this.status = status;
            this.code = code;
        }

        public int status() {
            return status;
        }

        public String code() {
            return code;
        }
    }

    /** 5xx, timeouts, resets after every retry, or the circuit breaker open. */
    public static final class Unavailable extends MangaDexException {
        public Unavailable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** A body we refuse to trust: not JSON, too large, too deep, or not shaped like MangaDex's. */
    public static final class BadResponse extends MangaDexException {
        public BadResponse(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
