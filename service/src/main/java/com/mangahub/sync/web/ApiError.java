package com.mangahub.sync.web;

/**
 * An error an HTTP handler answers with: status and a JSON body {@code {"error": code, "message": ..., "field": ...}}.
 * Thrown anywhere below a route; mapped once in {@link HttpServer}.
 */
public final class ApiError extends RuntimeException {
    private final int status;
    private final String code;
    private final String field;
    private final java.time.Duration retryAfter;
    private final String limit;

    public ApiError(int status, String code, String message, String field) {
        this(status, code, message, field, null, null);
    }

    private ApiError(int status, String code, String message, String field, java.time.Duration retryAfter,
                     String limit) {
        super(message);
        this.status = status;
        this.code = code;
        this.field = field;
        this.retryAfter = retryAfter;
        this.limit = limit;
    }

    /**
     * A 429: one of this reader's caps is reached ({@code limit} names it, as on {@code /metrics}); waiting
     * {@code retryAfter} may help (a stream or a request of theirs ends, their bucket refills).
     */
    public static ApiError tooMany(String limit, String message, java.time.Duration retryAfter) {
        return new ApiError(429, "too_many_requests", message, null, retryAfter, limit);
    }

    /** A 503 that is nobody's fault but the process's: it has no room for more (memory); try again later. */
    public static ApiError overloaded(String limit, String message, java.time.Duration retryAfter) {
        return new ApiError(503, "overloaded", message, null, retryAfter, limit);
    }

    /** A 503: the service cannot answer now (its database is out); the answer says when to try again. */
    public static ApiError unavailable(String message, java.time.Duration retryAfter) {
        return new ApiError(503, "unavailable", message, null, retryAfter, null);
    }

    public static ApiError badRequest(String field, String message) {
        return new ApiError(400, "bad_request", message, field);
    }

    /** The body is larger than {@code limit} bytes; {@code field} names the field being read at the cut, if known. */
    public static ApiError tooLarge(long limit, String field) {
        return new ApiError(413, "payload_too_large", "request body larger than " + limit + " bytes"
                + (field == null ? "" : " (cut in " + field + ")"), field);
    }

    public static ApiError notFound(String message) {
        return new ApiError(404, "not_found", message, null);
    }

    public static ApiError unauthorized() {
        return new ApiError(401, "unauthorized", "a valid token is required (Authorization: Bearer <token>)", null);
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public String field() {
        return field;
    }

    /** The limit this refusal names, if it is one. */
    public String limit() {
        return limit;
    }

    /** The {@code Retry-After} this answer carries, if any. */
    public java.util.Optional<java.time.Duration> retryAfter() {
        return java.util.Optional.ofNullable(retryAfter);
    }
}
