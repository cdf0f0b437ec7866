package com.mangahub.sync.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.mangahub.sync.App;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The API's answers name a record's properties in snake_case; the service's own mapper keeps the Java names. */
class ApiJsonTest {
    record Series(String mangadexId, String coverUrl, Map<String, Integer> byLanguage) {}

    @Test
    void answersNameRecordPropertiesInSnakeCaseAndLeaveMapKeysAndTheServicesMapperAlone() throws Exception {
        ObjectMapper service = App.jsonMapper();
        Series series = new Series("d86cf65b", "https://uploads.mangadex.org/covers/x.jpg", Map.of("ja-ro", 1));

        assertThat(ApiJson.answers(service).writeValueAsString(series)).isEqualTo(
                "{\"mangadex_id\":\"d86cf65b\",\"cover_url\":\"https://uploads.mangadex.org/covers/x.jpg\","
                        + "\"by_language\":{\"ja-ro\":1}}");
        assertThat(service.writeValueAsString(series)).as("MangaDex's camelCase and stored state read with this one")
                .startsWith("{\"mangadexId\":");
    }
}
