package com.mangahub.sync.support;

import java.nio.file.Files;
import java.nio.file.Path;

/** The ../shared folder beside the repository: MangaDex's OpenAPI spec and the real captured fixtures. */
public final class SharedFiles {
    private SharedFiles() {}

    public static Path root() {
        Path p = Path.of(System.getProperty("mangahub.shared", "../shared"));
        if (!Files.isDirectory(p.resolve("mangadex"))) {
            throw new IllegalStateException("shared/ not found at " + p.toAbsolutePath() + " (set -Dmangahub.shared)");
        }
        return p;
    }

    public static Path fixture(String name) {
        return root().resolve("mangadex/fixtures").resolve(name);
    }

    public static Path openApiSpec() {
        return root().resolve("mangadex/openapi-5.10.0.yaml");
    }
}
