package com.mangahub.sync.web;

/**
 * The rules every piece of client text passes, from a query, a path or a JSON body: bounded length, no NUL character,
 * which PostgreSQL refuses in text and jsonb alike (it would surface as a 500, not as the client's mistake), and no
 * lone UTF-16 surrogate (a JSON {@code "\ud800"} escape decodes to one): it is no Unicode character, and the UTF-8
 * encoder on the way to PostgreSQL would silently turn it into '?'.
 */
final class InputText {
    private InputText() {}

    static String checked(String field, String value, int maxLength) {
        if (value.length() > maxLength) throw tooLong(field, maxLength);
        refuseBadCharacters(field, value);
        return value;
    }

    static void refuseBadCharacters(String field, String value) {
        if (hasNul(value)) throw nul(field);
        if (hasLoneSurrogate(value)) throw surrogate(field);
    }

    static boolean hasNul(String value) {
        return value.indexOf('\0') >= 0;
    }

    /** A high surrogate not followed by a low one, or a low one not preceded by a high one. */
    static boolean hasLoneSurrogate(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 == value.length() || !Character.isLowSurrogate(value.charAt(i + 1))) return true;
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return true;
            }
        }
        return false;
    }

    static ApiError tooLong(String field, int maxLength) {
        return ApiError.badRequest(field, field + " is longer than " + maxLength + " characters");
    }

    static ApiError nul(String field) {
        return ApiError.badRequest(field, field + " must not contain NUL characters");
    }

    static ApiError surrogate(String field) {
        return ApiError.badRequest(field, field + " must not contain lone UTF-16 surrogates (not Unicode characters)");
    }
}
