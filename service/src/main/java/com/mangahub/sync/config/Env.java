package com.mangahub.sync.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Typed reads of environment variables. Every read may name aliases (the design documents' names) after the
 * preferred key; the first one set wins. Every failure names the key and the bad value.
 */
final class Env {
    private static final Pattern SIMPLE_DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)?");

    private final Map<String, String> vars;

    Env(Map<String, String> vars) {
        this.vars = vars;
    }

    /** The first of the keys that is set (non-blank), as key and value. */
    Optional<Map.Entry<String, String>> lookup(String... keys) {
        for (String key : keys) {
            String value = vars.get(key);
            if (value != null && !value.isBlank()) return Optional.of(Map.entry(key, value.strip()));
        }
        return Optional.empty();
    }

    String string(String defaultValue, String... keys) {
        return lookup(keys).map(Map.Entry::getValue).orElse(defaultValue);
    }

    Optional<String> optionalString(String... keys) {
        return lookup(keys).map(Map.Entry::getValue);
    }

    int integer(int defaultValue, int min, int max, String... keys) {
        return lookup(keys).map(e -> {
            int value = parsed(e, Integer::parseInt, "a whole number");
            if (value < min || value > max) {
                throw new ConfigException(e.getKey(), "must be between " + min + " and " + max + ", got " + value);
            }
            return value;
        }).orElse(defaultValue);
    }

    double decimal(double defaultValue, double minExclusive, double max, String... keys) {
        return lookup(keys).map(e -> {
            double value = parsed(e, Double::parseDouble, "a number");
            if (!(value > minExclusive && value <= max)) {
                throw new ConfigException(e.getKey(), "must be above " + minExclusive + " and at most " + max
                        + ", got " + e.getValue());
            }
            return value;
        }).orElse(defaultValue);
    }

    /** The value read by {@code parse}, or a configuration error naming the key and what was expected. */
    private static <T> T parsed(Map.Entry<String, String> e, java.util.function.Function<String, T> parse,
                                String expected) {
        try {
            return parse.apply(e.getValue());
        } catch (NumberFormatException ex) {
            throw new ConfigException(e.getKey(), "expected " + expected + ", got '" + e.getValue() + "'");
        }
    }

    boolean bool(boolean defaultValue, String... keys) {
        return lookup(keys).map(e -> switch (e.getValue().toLowerCase()) {
            case "true", "yes", "1", "on" -> true;
            case "false", "no", "0", "off" -> false;
            default -> throw new ConfigException(e.getKey(), "expected true or false, got '" + e.getValue() + "'");
        }).orElse(defaultValue);
    }

    /** Durations as ISO-8601 (PT5M) or a number with a unit: 500ms, 30s, 5m, 24h, 1d; a bare number is seconds. */
    Duration duration(Duration defaultValue, Duration min, String... keys) {
        return lookup(keys).map(e -> {
            Duration value = parseDuration(e.getKey(), e.getValue());
            if (value.compareTo(min) < 0) {
                throw new ConfigException(e.getKey(), "must be at least " + min + ", got '" + e.getValue() + "'");
            }
            return value;
        }).orElse(defaultValue);
    }

    static Duration parseDuration(String key, String raw) {
        String text = raw.trim().toLowerCase();
        if (text.startsWith("p")) {
            try {
                return Duration.parse(text.toUpperCase());
            } catch (RuntimeException e) {
                throw new ConfigException(key, "not a duration: '" + raw + "'");
            }
        }
        Matcher m = SIMPLE_DURATION.matcher(text);
        if (!m.matches()) throw new ConfigException(key, "not a duration (try 30s, 5m, 24h or PT5M): '" + raw + "'");
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2);
        return switch (unit) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
        };
    }

    List<String> list(List<String> defaultValue, String... keys) {
        return lookup(keys).map(e -> Arrays.stream(e.getValue().split(","))
                .map(String::strip).filter(s -> !s.isEmpty()).toList()).orElse(defaultValue);
    }

    URI httpUri(String defaultValue, String... keys) {
        var entry = lookup(keys).orElse(Map.entry(keys[0], defaultValue));
        try {
            URI uri = URI.create(entry.getValue());
            if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
                throw new ConfigException(entry.getKey(), "expected an http(s) URL, got '" + entry.getValue() + "'");
            }
            return uri;
        } catch (IllegalArgumentException e) {
            throw new ConfigException(entry.getKey(), "not a valid URL: '" + entry.getValue() + "'");
        }
    }

    Path path(Path defaultValue, String... keys) {
        return lookup(keys).map(e -> {
            try {
                return Path.of(e.getValue().replaceFirst("^~(?=/|$)", System.getProperty("user.home")));
            } catch (RuntimeException ex) {
                throw new ConfigException(e.getKey(), "not a valid path: '" + e.getValue() + "'");
            }
        }).orElse(defaultValue);
    }
}
