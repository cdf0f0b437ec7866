package com.mangahub.sync;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The build's version and project URL, filtered in by Maven; used in the CLI and the MangaDex User-Agent. */
public record Version(String version, String url) {
    private static final Version CURRENT = load();

    public static Version current() {
        return CURRENT;
    }

    private static Version load() {
        Properties p = new Properties();
        try (InputStream in = Version.class.getResourceAsStream("/mangahub-version.properties")) {
            if (in != null) p.load(in);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the build's version resource", e);
        }
        return new Version(p.getProperty("version", "dev"), p.getProperty("url", "https://github.com/mangahub/mangahub-sync"));
    }

    /** An honest User-Agent, as MangaDex asks: name/version and where to find us. */
    public String userAgent() {
        return "MangaHub-Sync/" + version + " (+" + url + ")";
    }
}
