package com.mangahub.sync.web;

import io.javalin.http.Context;
import io.javalin.validation.Validator;
import java.util.Optional;
import java.util.UUID;

/**
 * The one way routes read query and path parameters: through Javalin's typed validators (converters registered in
 * {@link HttpServer}), every refusal a 400 {@link ApiError} naming the parameter, whatever the client sends.
 */
public final class RequestParams {
    private RequestParams() {}

    /** A whole number from {@code min} to {@code max}; {@code fallback} when the parameter is absent or blank. */
    public static long queryNumber(Context ctx, String name, long min, long max, long fallback) {
        String raw = ctx.queryParam(name);
        if (raw == null || raw.isBlank()) return fallback;
        return inRange(ctx.queryParamAsClass(name, Long.class), name, min, max);
    }

    /** A whole number from {@code min} to {@code max} in the path. */
    public static long pathNumber(Context ctx, String name, long min, long max) {
        return inRange(ctx.pathParamAsClass(name, Long.class), name, min, max);
    }

    /** A canonical UUID in the path; otherwise a 400 saying "{name} must be {what}". */
    public static UUID pathUuid(Context ctx, String name, String what) {
        return ctx.pathParamAsClass(name, UUID.class)
                .getOrThrow(errors -> ApiError.badRequest(name, name + " must be " + what));
    }

    /** A path parameter as text, at most {@code maxLength} characters. */
    public static String pathText(Context ctx, String name, int maxLength) {
        return InputText.checked(name, ctx.pathParam(name), maxLength);
    }

    /** Optional query text, stripped; empty when absent or blank. */
    public static Optional<String> queryText(Context ctx, String name, int maxLength) {
        String value = ctx.queryParam(name);
        if (value == null || value.isBlank()) return Optional.empty();
        return Optional.of(InputText.checked(name, value, maxLength).strip());
    }

    /** A wrong type and an out-of-range value get the same answer: it says what would be accepted. */
    private static long inRange(Validator<Long> value, String name, long min, long max) {
        String message = name + " must be a whole number " + (max == Long.MAX_VALUE
                ? "of at least " + min : "from " + min + " to " + max);
        return value.check(n -> n >= min && n <= max, message)
                .getOrThrow(errors -> ApiError.badRequest(name, message));
    }
}
