package com.mangahub.sync.mangadex;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The contract check itself: it must catch what MangaDex would reject, or its silence proves nothing. */
class ContractCheckTest {

    private static RecordedRequest get(String path, String query) {
        return new RecordedRequest("GET", path, query, Map.of("User-Agent", List.of("test")), Instant.EPOCH, 0);
    }

    @Test
    void aDateWithAZoneSuffixIsAViolation() {
        assertThat(ContractCheck.validate(get("/manga", "limit=10&createdAtSince=2024-01-01T00:00:00Z"))).isNotEmpty();
    }

    @Test
    void aListLimitAbove100IsAViolation() {
        assertThat(ContractCheck.validate(get("/manga", "limit=500"))).isNotEmpty();
    }

    @Test
    void anUnknownContentRatingIsAViolation() {
        assertThat(ContractCheck.validate(get("/manga", "contentRating%5B%5D=cute"))).isNotEmpty();
    }

    @Test
    void aWellFormedListRequestPasses() {
        assertThat(ContractCheck.validate(get("/manga",
                "limit=100&offset=0&createdAtSince=2024-01-01T00:00:00&contentRating%5B%5D=safe"
                        + "&includes%5B%5D=author&order%5BcreatedAt%5D=asc"))).isEmpty();
    }
}
