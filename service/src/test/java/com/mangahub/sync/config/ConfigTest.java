package com.mangahub.sync.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigTest {

    @Test
    void defaultsAreSafeAndPointAtTheRealApi() {
        Config c = Config.from(Map.of());
        assertThat(c.server().bind()).isEqualTo("127.0.0.1");
        assertThat(c.server().httpPort()).isEqualTo(8080);
        assertThat(c.server().coapPort()).isEqualTo(5683);
        assertThat(c.mangadex().baseUrl().toString()).isEqualTo("https://api.mangadex.org");
        assertThat(c.mangadex().rate()).isEqualTo(4.0);
        assertThat(c.sync().languages()).containsExactly("en");
        assertThat(c.storage().databaseUrl()).isEmpty();
        assertThat(c.storage().dataDir().toString()).endsWith(".mangahub");
    }

    @Test
    void theDesignDocumentsNamesAreAcceptedAsAliases() {
        Config c = Config.from(Map.of("INITIAL_SYNC_LIMIT", "150", "DATABASE_URL", "postgres://u:p@db:6543/manga",
                "NEW_MANGA_POLL_INTERVAL", "24h"));
        assertThat(c.sync().initialCount()).isEqualTo(150);
        assertThat(c.sync().newMangaInterval()).isEqualTo(Duration.ofHours(24));
        assertThat(c.storage().databaseUrl().orElseThrow().jdbcUrl()).isEqualTo("jdbc:postgresql://db:6543/manga");
        assertThat(c.storage().databaseUrl().orElseThrow().key()).isEqualTo("DATABASE_URL");
    }

    @Test
    void perReaderCapsHaveDefaultsZeroMeansNoCapAndOutOfRangeValuesNameTheirKey() {
        Config.Limits d = Config.from(Map.of()).limits();
        assertThat(d).isEqualTo(new Config.Limits(10, 10, 20, 60, 2, 20, 100, Duration.ofSeconds(10),
                Duration.ofSeconds(30)));
        Config.Limits off = Config.from(Map.of("MANGAHUB_MAX_SSE_STREAMS_PER_READER", "0",
                "MANGAHUB_MAX_COAP_OBSERVATIONS_PER_READER", "0", "MANGAHUB_READER_REQUESTS_PER_SECOND", "0",
                "MANGAHUB_HEAP_RESERVE_PERCENT", "0", "MANGAHUB_HTTP_HEADER_TIMEOUT", "2s")).limits();
        assertThat(off.sseStreamsPerReader()).isZero();
        assertThat(off.coapObservationsPerReader()).isZero();
        assertThat(off.requestsPerSecond()).isZero();
        assertThat(off.heapReservePercent()).isZero();
        assertThat(off.headerTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThatThrownBy(() -> Config.from(Map.of("MANGAHUB_HEAP_RESERVE_PERCENT", "95")))
                .hasMessageContaining("MANGAHUB_HEAP_RESERVE_PERCENT");
        assertThatThrownBy(() -> Config.from(Map.of("MANGAHUB_MAX_SSE_STREAMS_PER_READER", "-1")))
                .hasMessageContaining("MANGAHUB_MAX_SSE_STREAMS_PER_READER");
    }

    @Test
    void readerTokensDoNotExpireUnlessAMaximumAgeIsSet() {
        assertThat(Config.from(Map.of()).server().tokenMaxAge()).isEmpty();
        assertThat(Config.from(Map.of("MANGAHUB_TOKEN_MAX_AGE", "90d")).server().tokenMaxAge())
                .contains(Duration.ofDays(90));
        assertThatThrownBy(() -> Config.from(Map.of("MANGAHUB_TOKEN_MAX_AGE", "10s")))
                .hasMessageStartingWith("MANGAHUB_TOKEN_MAX_AGE: must be at least PT1M");
        assertThatThrownBy(() -> Config.from(Map.of("MANGAHUB_TOKEN_MAX_AGE", "forever")))
                .hasMessageStartingWith("MANGAHUB_TOKEN_MAX_AGE:");
    }

    @Test
    void thePreferredKeyWinsOverItsAlias() {
        Config c = Config.from(Map.of("MANGA_SYNC_INITIAL_COUNT", "170", "INITIAL_SYNC_LIMIT", "150"));
        assertThat(c.sync().initialCount()).isEqualTo(170);
    }

    @Test
    void everyBadValueIsReportedWithItsKeyAndValue() {
        assertThatThrownBy(() -> Config.from(Map.of("MANGAHUB_HTTP_PORT", "abc")))
                .isInstanceOf(ConfigException.class).hasMessage("MANGAHUB_HTTP_PORT: expected a whole number, got 'abc'");
        assertThatThrownBy(() -> Config.from(Map.of("MANGADEX_RATE", "9")))
                .hasMessageStartingWith("MANGADEX_RATE: must be above 0.0 and at most 5.0, got 9");
        assertThatThrownBy(() -> Config.from(Map.of("MANGADEX_RATE", "0")))
                .hasMessageStartingWith("MANGADEX_RATE:");
        assertThatThrownBy(() -> Config.from(Map.of("MANGAHUB_CHAPTER_INTERVAL", "soon")))
                .hasMessageStartingWith("MANGAHUB_CHAPTER_INTERVAL: not a duration");
        assertThatThrownBy(() -> Config.from(Map.of("MANGAHUB_CONTENT_RATINGS", "safe,spicy")))
                .hasMessageContaining("'spicy'");
        assertThatThrownBy(() -> Config.from(Map.of("MANGAHUB_MANGADEX_URL", "ftp://x")))
                .hasMessageStartingWith("MANGAHUB_MANGADEX_URL:");
        assertThatThrownBy(() -> Config.from(Map.of("MANGAHUB_ADMIN_TOKEN", "short")))
                .hasMessageStartingWith("MANGAHUB_ADMIN_TOKEN: must be at least 16");
        assertThatThrownBy(() -> Config.from(Map.of("MANGAHUB_DATABASE_URL", "mysql://x")))
                .hasMessageStartingWith("MANGAHUB_DATABASE_URL:");
    }

    @Test
    void aReadReplicaIsOptionalAndItsMaxLagDefaultsToTenSeconds() {
        assertThat(Config.from(Map.of()).storage().replica()).isEmpty();
        Config.Replica replica = Config.from(Map.of("MANGAHUB_DATABASE_REPLICA_URL", "postgres://ro:pa55word@standby/manga"))
                .storage().replica().orElseThrow();
        assertThat(replica.maxLag()).isEqualTo(Duration.ofSeconds(10));
        assertThat(replica.url().jdbcUrl()).isEqualTo("jdbc:postgresql://standby:5432/manga");
        assertThat(replica.toString()).doesNotContain("pa55word");
        assertThat(Config.from(Map.of("MANGAHUB_DATABASE_REPLICA_URL", "postgres://standby/manga",
                "MANGAHUB_DATABASE_REPLICA_MAX_LAG", "2s")).storage().replica().orElseThrow().maxLag())
                .isEqualTo(Duration.ofSeconds(2));
        assertThatThrownBy(() -> Config.from(Map.of("MANGAHUB_DATABASE_REPLICA_URL", "mysql://x")))
                .hasMessageStartingWith("MANGAHUB_DATABASE_REPLICA_URL:");
    }

    @Test
    void durationsAcceptIsoAndShortForms() {
        assertThat(Env.parseDuration("k", "PT5M")).isEqualTo(Duration.ofMinutes(5));
        assertThat(Env.parseDuration("k", "90")).isEqualTo(Duration.ofSeconds(90));
        assertThat(Env.parseDuration("k", "500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(Env.parseDuration("k", "1d")).isEqualTo(Duration.ofDays(1));
    }

    @Test
    void secretsNeverAppearInTheLoggedConfiguration() {
        Config c = Config.from(Map.of("MANGAHUB_ADMIN_TOKEN", "admin-token-0123456789", "MANGADEX_API_KEY", "key-abc",
                "MANGAHUB_DATABASE_URL", "postgres://app:pa55word@db/manga"));
        assertThat(c.toString()).doesNotContain("admin-token-0123456789").doesNotContain("key-abc")
                .doesNotContain("pa55word").contains("***");
        Config jdbc = Config.from(Map.of("MANGAHUB_DATABASE_URL", "jdbc:postgresql://db/manga?user=a&password=pa55word"));
        assertThat(jdbc.toString()).doesNotContain("pa55word");
    }

    @Test
    void aLibpqUrlKeepsUserPasswordPortAndQuery() {
        DatabaseUrl url = DatabaseUrl.parse("K", "postgresql://me:s%40cret@db.example:5433/manga?sslmode=require");
        assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://db.example:5433/manga?sslmode=require");
        assertThat(url.user()).contains("me");
        assertThat(url.password().orElseThrow().value()).isEqualTo("s@cret");
    }

    @Test
    void listsAreSplitOnCommas() {
        Config c = Config.from(Map.of("MANGAHUB_LANGUAGES", "en, pt-br ,fr"));
        assertThat(c.sync().languages()).isEqualTo(List.of("en", "pt-br", "fr"));
    }

    @Test
    void adminTokenComparisonIsExact() {
        Secret s = new Secret("admin-token-0123456789");
        assertThat(s.matches("admin-token-0123456789")).isTrue();
        assertThat(s.matches("admin-token-012345678")).isFalse();
        assertThat(s.matches(null)).isFalse();
    }

    @Test
    void rolesDefaultToAllAndReadAnyMixOrAll() {
        assertThat(Config.from(Map.of()).operations().roles()).containsExactly(Role.SYNC, Role.NOTIFY, Role.API);
        assertThat(Config.from(Map.of("MANGAHUB_ROLES", " api , notify")).operations().roles())
                .containsExactly(Role.NOTIFY, Role.API);
        assertThat(Config.from(Map.of("MANGAHUB_ROLES", "SYNC")).operations().roles()).containsExactly(Role.SYNC);
        assertThat(Config.from(Map.of("MANGAHUB_ROLES", "sync,all")).operations().roles()).hasSize(3);
        assertThatThrownBy(() -> Config.from(Map.of("MANGAHUB_ROLES", "sync,web")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("MANGAHUB_ROLES: unknown role 'web' (known: sync, notify, api, all)");
        assertThatThrownBy(() -> Config.from(Map.of("MANGAHUB_ROLES", " , ")))
                .hasMessageStartingWith("MANGAHUB_ROLES: names no role");
    }

    @Test
    void retentionDefaultsTo180DaysAWeekAnd30DaysAndRefusesLessThanADayOfNotifications() {
        Config.Retention keep = Config.from(Map.of()).operations().retention();
        assertThat(keep).isEqualTo(new Config.Retention(Duration.ofDays(180), Duration.ofDays(7), Duration.ofDays(30)));
        assertThat(Config.from(Map.of("MANGAHUB_RETENTION_NOTIFICATIONS", "365d")).operations().retention()
                .notifications()).isEqualTo(Duration.ofDays(365));
        assertThatThrownBy(() -> Config.from(Map.of("MANGAHUB_RETENTION_NOTIFICATIONS", "2h")))
                .hasMessageStartingWith("MANGAHUB_RETENTION_NOTIFICATIONS: must be at least");
    }
}
