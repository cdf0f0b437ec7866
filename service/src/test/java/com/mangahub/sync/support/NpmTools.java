package com.mangahub.sync.support;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The test-only npm tools (axe-core, Redocly CLI, Prism) of {@code service/src/test/js}: installed from its lockfile the
 * first time a test needs them ({@code npm ci --offline}, from the npm cache; else {@code npm ci} from the
 * registry), then reused. Needs Node.js and npm (Debian's {@code nodejs} and {@code npm}; .ci/run installs them).
 */
public final class NpmTools {
    private NpmTools() {}

    /** The folder holding package.json and an installed node_modules. */
    @SuppressWarnings("try") // the lock is held for the block, not used in it
    public static synchronized Path install() throws IOException, InterruptedException {
        Path dir = folder();
        // the test JVMs run side by side (surefire forks): one installs while the others wait, then they all reuse it;
        // a JVM that looked without the lock could see the other's half-done install
        Path lock = Path.of(System.getProperty("java.io.tmpdir"), "mangahub-npm-" + Integer.toHexString(dir.hashCode())
                + ".lock");
        try (FileChannel channel = FileChannel.open(lock, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock ignored = channel.lock()) {
            if (installed(dir)) return dir;
            if (run(dir, List.of("npm", "ci", "--offline", "--no-audit", "--no-fund")) != 0
                    && run(dir, List.of("npm", "ci", "--no-audit", "--no-fund")) != 0) {
                throw new AssertionError("npm ci failed in " + dir + " (see " + dir.resolve("npm-ci.log")
                        + "); install Node.js and npm (apt-get install -y nodejs npm)");
            }
        }
        return dir;
    }

    private static boolean installed(Path dir) {
        return List.of("axe-core", "@redocly/cli", "@stoplight/prism-cli", "standardwebhooks", "web-push-testing").stream()
                .allMatch(tool -> Files.isDirectory(dir.resolve("node_modules").resolve(tool)));
    }

    /** An installed tool's command line: {@code node_modules/.bin/NAME}. */
    public static Path bin(String name) throws IOException, InterruptedException {
        return install().resolve("node_modules/.bin").resolve(name);
    }

    private static Path folder() {
        // surefire runs in the module directory (service/); the root of the reactor is one up
        for (Path candidate : List.of(Path.of("src/test/js"), Path.of("service/src/test/js"))) {
            if (Files.isRegularFile(candidate.resolve("package-lock.json"))) return candidate.toAbsolutePath();
        }
        throw new AssertionError("service/src/test/js/package-lock.json not found from " + Path.of("").toAbsolutePath());
    }

    private static int run(Path dir, List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("npm-ci.log").toFile())).start();
        if (!p.waitFor(10, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            return -1;
        }
        return p.exitValue();
    }
}
