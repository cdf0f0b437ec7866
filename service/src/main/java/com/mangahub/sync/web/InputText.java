package com.mangahub.sync.web;

/**
 * The rules every piece of client text passes, from a query, a path or a JSON body: bounded length, and no NUL
 * character, which PostgreSQL refuses in text and jsonb alike (it would surface as a 500, not as the client's
 * mistake).
 */
final class InputText {
    private InputText() {}

    static String checked(String field, String value, int maxLength) {
        if (value.length() > maxLength) throw ApiError.badRequest(field, field + " is longer than " + maxLength + " characters");
        if (hasNul(value)) throw nul(field);
        return value;
    }

    static boolean hasNul(String value) {
        return value.indexOf('\0') >= 0;
    }

    static ApiError nul(String field) {
        return ApiError.badRequest(field, field + " must not contain NUL characters");
    }
}
