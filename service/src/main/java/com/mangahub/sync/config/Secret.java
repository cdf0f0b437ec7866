package com.mangahub.sync.config;

import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** A value that must never reach a log: its toString is redacted. */
public record Secret(String value) {
    public Secret {
        if (value == null || value.isEmpty()) throw new IllegalArgumentException("empty secret");
    }

    public static Optional<Secret> ofNullable(String value) {
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(new Secret(value.strip()));
    }

    /** Constant-time comparison, so a caller cannot learn the secret byte by byte from response times. */
    public boolean matches(String candidate) {
        if (candidate == null) return false;
        return MessageDigest.isEqual(value.getBytes(StandardCharsets.UTF_8), candidate.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
        return "***";
    }
}
