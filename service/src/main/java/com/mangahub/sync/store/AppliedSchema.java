package com.mangahub.sync.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.jdbi.v3.core.Handle;

/**
 * Whether a database already has every migration this build ships, read from Flyway's history table without Flyway:
 * Flyway's classes (about 700 of them loaded by a migrate that finds nothing to do) stay in the service's memory for
 * good, for a check that finds nothing to do on every start but the first after an upgrade. Anything else (a first
 * start, a pending or failed migration, one applied that this build does not know) goes to Flyway, which applies,
 * validates and reports as before.
 */
final class AppliedSchema {
    private static final String LOCATION = "db/migration";
    private static final Pattern VERSIONED = Pattern.compile("V(\\d+(?:[._]\\d+)*)__[^/]*\\.sql");

    private AppliedSchema() {}

    /** The schema version when nothing is pending (every shipped migration applied, none failed, none unknown). */
    static Optional<String> upToDate(Handle h) {
        boolean hasHistory = h.createQuery("select to_regclass('public.flyway_schema_history') is not null")
                .mapTo(Boolean.class).one();
        if (!hasHistory) return Optional.empty();
        List<String> applied = h.createQuery("select version from flyway_schema_history where version is not null "
                + "and success").mapTo(String.class).list();
        long failed = h.createQuery("select count(*) from flyway_schema_history where not success")
                .mapTo(Long.class).one();
        Set<String> shipped = shipped();
        if (failed > 0 || shipped.isEmpty() || !Set.copyOf(applied).equals(shipped)) return Optional.empty();
        return shipped.stream().max(Backup::compareVersions);
    }

    /** The versions of the migrations on the class path, in Flyway's spelling ("7.2" for {@code V7_2__…}). */
    static Set<String> shipped() {
        URL dir = AppliedSchema.class.getClassLoader().getResource(LOCATION);
        if (dir == null) return Set.of();
        try {
            return names(dir).map(VERSIONED::matcher).filter(Matcher::matches)
                    .map(m -> m.group(1).replace('_', '.')).collect(Collectors.toUnmodifiableSet());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the migrations at " + dir, e);
        }
    }

    private static Stream<String> names(URL dir) throws IOException {
        if ("jar".equals(dir.getProtocol())) {
            JarURLConnection connection = (JarURLConnection) dir.openConnection();
            // a JarFile of our own: the cached one is the class loader's, and closing it would break class loading
            connection.setUseCaches(false);
            try (JarFile jar = connection.getJarFile()) {
                return jar.stream().map(e -> e.getName()).filter(n -> n.startsWith(LOCATION + "/"))
                        .map(n -> n.substring(LOCATION.length() + 1)).toList().stream();
            }
        }
        try (Stream<Path> files = Files.list(Path.of(dir.toURI()))) {
            return files.map(p -> p.getFileName().toString()).toList().stream();
        } catch (URISyntaxException e) {
            throw new IOException(e);
        }
    }
}
