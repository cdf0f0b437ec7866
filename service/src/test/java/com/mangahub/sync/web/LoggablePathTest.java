package com.mangahub.sync.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A feed's path is its credential: what the server logs of a failed request keeps the format and drops the token. */
class LoggablePathTest {
    @Test
    void aFeedTokenNeverReachesTheLogOtherPathsDo() {
        String token = "mhf_" + "Ab-_9".repeat(8) + "xyz";
        assertThat(HttpServer.loggablePath("/feeds/" + token + ".atom")).isEqualTo("/feeds/***.atom");
        assertThat(HttpServer.loggablePath("/feeds/" + token + ".json")).isEqualTo("/feeds/***.json");
        assertThat(HttpServer.loggablePath("/feeds/" + token)).isEqualTo("/feeds/***");
        assertThat(HttpServer.loggablePath("/api/me/feeds")).isEqualTo("/api/me/feeds");
        assertThat(HttpServer.loggablePath("/api/manga/5c3c6a1e-0000-4000-8000-000000000001"))
                .isEqualTo("/api/manga/5c3c6a1e-0000-4000-8000-000000000001");
    }
}
