package com.mangahub.sync.config;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * An external PostgreSQL server, with the environment key it came from (for error messages). Accepts both the JDBC form and the libpq URI form the design documents use
 * ({@code postgres://user:pass@host:port/db}), because operators paste whichever their provider shows.
 */
public record DatabaseUrl(String key, String jdbcUrl, Optional<String> user, Optional<Secret> password) {

    public static DatabaseUrl parse(String key, String raw) {
        String value = raw.strip();
        if (value.startsWith("jdbc:postgresql:")) {
            return new DatabaseUrl(key, value, Optional.empty(), Optional.empty());
        }
        if (!value.startsWith("postgres://") && !value.startsWith("postgresql://")) {
            throw new ConfigException(key, "expected jdbc:postgresql://… or postgres://user:pass@host:port/db, got '"
                    + redact(value) + "'");
        }
        URI uri;
        try {
            uri = URI.create(value);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(key, "not a valid URL: '" + redact(value) + "'");
        }
        if (uri.getHost() == null) throw new ConfigException(key, "no host in '" + redact(value) + "'");
        String db = uri.getPath() == null || uri.getPath().length() <= 1 ? "postgres" : uri.getPath().substring(1);
        int port = uri.getPort() == -1 ? 5432 : uri.getPort();
        String jdbc = "jdbc:postgresql://" + uri.getHost() + ":" + port + "/" + db
                + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        Optional<String> user = Optional.empty();
        Optional<Secret> password = Optional.empty();
        if (uri.getRawUserInfo() != null) {
            String[] parts = uri.getRawUserInfo().split(":", 2);
            user = Optional.of(decode(parts[0]));
            if (parts.length == 2) password = Secret.ofNullable(decode(parts[1]));
        }
        return new DatabaseUrl(key, jdbc, user, password);
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    /** Drops the password part so an error message never echoes it. */
    static String redact(String url) {
        return url.replaceAll("(//[^:/@]*):[^@/]*@", "$1:***@");
    }

    /** The JDBC URL with any password parameter masked, for logs and error messages. */
    public String safeJdbcUrl() {
        return jdbcUrl.replaceAll("(?i)(password=)[^&]*", "$1***");
    }

    @Override
    public String toString() {
        return safeJdbcUrl() + user.map(u -> " (user " + u + ")").orElse("");
    }
}
