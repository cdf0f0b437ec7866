package com.mangahub.sync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The ./mangahub launcher finds a JDK >= 21 by itself, even when JAVA_HOME is unset and PATH has an older java. */
class LauncherIT {

    @Test
    void theLauncherFindsANewEnoughJdkWithoutJavaHome() throws Exception {
        // from the repository's root, where a user runs it
        ProcessBuilder pb = new ProcessBuilder("bash", "./mangahub", "version").redirectErrorStream(true)
                .directory(new java.io.File(System.getProperty("mangahub.root", "..")));
        pb.environment().remove("JAVA_HOME");
        pb.environment().put("PATH", "/usr/lib/jvm/java-17-openjdk-amd64/bin:/usr/bin:/bin");
        Process p = pb.start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out).containsPattern("MangaHub Sync \\S+ \\(Java (2[1-9]|[3-9][0-9])")
                .contains("User-Agent: MangaHub-Sync/");
    }
}
