package com.mangahub.sync.cli;

import com.mangahub.sync.config.Config;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** The id of the last notification {@code listen} printed, kept in a small file (written atomically). */
final class ListenState {
    private final Path file;
    private long lastId;

    ListenState(Path file) throws IOException {
        this.file = file;
        this.lastId = Files.exists(file) ? parse(Files.readString(file)) : 0;
    }

    /** One file per token (named by a hash of it, never the token itself) under the data directory. */
    static Path defaultFile(Config config, String token) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
            return config.storage().dataDir().resolve("listen").resolve(HexFormat.of().formatHex(hash, 0, 8) + ".last-id");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    private long parse(String text) {
        try {
            return Long.parseLong(text.strip());
        } catch (NumberFormatException e) {
            throw new IllegalStateException("state file " + file + " does not hold a notification id; delete it to start over");
        }
    }

    long lastId() {
        return lastId;
    }

    void save(long id) throws IOException {
        lastId = id;
        Path parent = file.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path tmp = Files.createTempFile(parent, "listen", ".tmp");
        Files.writeString(tmp, Long.toString(id));
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
