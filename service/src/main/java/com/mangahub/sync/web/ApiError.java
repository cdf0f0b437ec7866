package com.mangahub.sync.web;

/**
 * An error an HTTP handler answers with: status and a JSON body {@code {"error": code, "message": ..., "field": ...}}.
 * Thrown anywhere below a route; mapped once in {@link HttpServer}.
 */
public final class ApiError extends RuntimeException {
    private final int status;
    private final String code;
    private final String field;

    public ApiError(int status, String code, String message, String field) {
        super(message);
        this.status = status;
        this.code = code;
        this.field = field;
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
}
