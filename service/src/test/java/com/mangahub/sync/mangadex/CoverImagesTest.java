package com.mangahub.sync.mangadex;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mangahub.sync.config.Config;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The cover fetcher treats the image host as untrusted: only an image is kept, a body past the cap is cut off while
 * it streams, a redirect is not followed, a missing cover is "none", and the request names us honestly.
 */
class CoverImagesTest {
    private static final UUID MANGA = UUID.fromString("32d76d19-8a05-4db0-9fc2-e0b0648fe9d0");
    private static final String FILE = "b6c7ce9c-e671-4f26-90b0-e592188e9cd6.jpg";
    private static final byte[] JPEG = {(byte) 0xff, (byte) 0xd8, (byte) 0xff, (byte) 0xe0, 0, 16, 'J', 'F', 'I', 'F'};

    @Test
    void aThumbnailIsFetchedFromTheCoversPathWithOurUserAgent() {
        try (ScriptedServer host = ScriptedServer.start(Clock.systemUTC(), r -> image(JPEG));
             CoverImages covers = new CoverImages(config(host.baseUri()))) {
            assertThat(covers.thumbnail(MANGA, FILE)).contains(JPEG);
            RecordedRequest request = host.requests().getFirst();
            assertThat(request.path()).isEqualTo("/covers/" + MANGA + "/" + FILE + ".256.jpg");
            assertThat(request.headers().get("User-agent").getFirst()).startsWith("MangaHub-Sync/");
        }
    }

    @Test
    void aMissingCoverIsNoneAndAnythingButAnImageIsRefused() {
        try (ScriptedServer host = ScriptedServer.start(Clock.systemUTC(), r -> ScriptedServer.json(404, "{}"));
             CoverImages covers = new CoverImages(config(host.baseUri()))) {
            assertThat(covers.thumbnail(MANGA, FILE)).isEqualTo(Optional.empty());
            host.script(r -> new ScriptedServer.Reply.Body(200, "image/jpeg",
                    "<html>captcha</html>".getBytes(StandardCharsets.UTF_8), Map.of()));
            assertThatThrownBy(() -> covers.thumbnail(MANGA, FILE)).isInstanceOf(MangaDexException.BadResponse.class)
                    .hasMessageContaining("not an image");
            host.script(r -> new ScriptedServer.Reply.Endless("image/jpeg", JPEG, 50L * 1024 * 1024));
            assertThatThrownBy(() -> covers.thumbnail(MANGA, FILE)).isInstanceOf(MangaDexException.BadResponse.class)
                    .hasMessageContaining("larger than");
            host.script(r -> new ScriptedServer.Reply.Body(302, "text/plain", new byte[0],
                    Map.of("Location", "http://169.254.169.254/latest/meta-data")));
            assertThatThrownBy(() -> covers.thumbnail(MANGA, FILE)).isInstanceOf(MangaDexException.Unavailable.class)
                    .hasMessageContaining("302");
            assertThat(host.requests()).extracting(RecordedRequest::path).allMatch(p -> p.startsWith("/covers/"));
        }
    }

    @Test
    void onlyCoverFileNamesAreFetchedAndTheRealApiHostMapsToItsImageHost() {
        assertThat(CoverImages.isFileName(FILE)).isTrue();
        for (String bad : List.of("../../etc/passwd", "a/b.jpg", "", "x?y", ".hidden", "a..b.jpg", "%2e%2e")) {
            assertThat(CoverImages.isFileName(bad)).as(bad).isFalse();
        }
        try (CoverImages covers = new CoverImages(config(URI.create("http://127.0.0.1:9")))) {
            assertThatThrownBy(() -> covers.thumbnail(MANGA, "../x")).isInstanceOf(IllegalArgumentException.class);
        }
        assertThat(config(URI.create("https://api.mangadex.org")).uploadsUrl()).isEqualTo(URI.create("https://uploads.mangadex.org"));
        assertThat(config(URI.create("https://api.mangadex.dev")).uploadsUrl()).isEqualTo(URI.create("https://uploads.mangadex.dev"));
        assertThat(config(URI.create("http://127.0.0.1:8099")).uploadsUrl()).isEqualTo(URI.create("http://127.0.0.1:8099"));
    }

    private static ScriptedServer.Reply image(byte[] bytes) {
        return new ScriptedServer.Reply.Body(200, "image/jpeg", bytes, Map.of());
    }

    private static Config.MangaDex config(URI base) {
        return new Config.MangaDex(base, Optional.empty(), 4, Duration.ofSeconds(2), Duration.ofSeconds(5),
                List.of("safe"), 1024 * 1024);
    }
}
