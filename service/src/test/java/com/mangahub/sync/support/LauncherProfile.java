package com.mangahub.sync.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The JVM options {@code ./mangahub} runs the jar with for a {@code MANGAHUB_PROFILE}: the lines of
 * {@code scripts/jvm/<profile>.options} plus the launcher's class-data sharing flags, and the environment it exports
 * ({@code MALLOC_ARENA_MAX=2}). Benchmarks start the jar with these so they measure what the launcher runs; keep this
 * in step with the {@code mangahub} script.
 */
public record LauncherProfile(String name, List<String> jvmOptions) {
    public static final String MALLOC_ARENA_MAX = "2";

    /** The profile's options with its AppCDS archive at {@code archive} (created at the first run's exit). */
    public static LauncherProfile of(String name, Path archive) throws IOException {
        Path file = Path.of(System.getProperty("mangahub.scripts", "../scripts"), "jvm", name + ".options");
        List<String> options = new ArrayList<>(Files.readAllLines(file).stream().map(String::strip)
                .filter(l -> !l.isEmpty()).toList());
        options.addAll(List.of("-XX:SharedArchiveFile=" + archive, "-XX:+AutoCreateSharedArchive", "-Xlog:cds=off",
                "-Xlog:cds+dynamic=off"));
        return new LauncherProfile(name, List.copyOf(options));
    }

    /** What the launcher exports, for a process's environment. */
    public static void addEnvironment(java.util.Map<String, String> env) {
        env.putIfAbsent("MALLOC_ARENA_MAX", MALLOC_ARENA_MAX);
    }
}
