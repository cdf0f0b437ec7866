package com.mangahub.sync.support;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The MangaDex reference files inside the repository ({@code docs/mangadex}): MangaDex's OpenAPI spec, its facts and
 * the real captured fixtures (their sources and capture dates in {@code docs/mangadex/SOURCES.md}).
 */
public final class SharedFiles {
    private SharedFiles() {}

    public static Path root() {
        // surefire sets mangahub.root to the repository; a run from a module folder (an IDE) finds it one level up
        Path repository = Path.of(System.getProperty("mangahub.root", ".."));
        Path p = repository.resolve("docs/mangadex");
        if (!Files.isDirectory(p.resolve("fixtures"))) {
            throw new IllegalStateException("docs/mangadex not found at " + p.toAbsolutePath()
                    + " (set -Dmangahub.root)");
        }
        return p;
    }

    public static Path fixture(String name) {
        return root().resolve("fixtures").resolve(name);
    }

    public static Path openApiSpec() {
        return root().resolve("openapi-5.10.0.yaml");
    }
}
