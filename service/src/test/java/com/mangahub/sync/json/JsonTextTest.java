package com.mangahub.sync.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.mangahub.sync.App;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTextTest {
    private final ObjectMapper json = App.jsonMapper();

    @Test
    void writesWithTheServicesMapperAndReadsBack() {
        String text = JsonText.write(json, Map.of("at", Instant.parse("2026-01-01T00:00:00Z")));
        assertThat(text).isEqualTo("{\"at\":\"2026-01-01T00:00:00Z\"}");
        assertThat(JsonText.tree(json, text, "a test value").get("at").asText()).isEqualTo("2026-01-01T00:00:00Z");
    }

    @Test
    void damagedTextSaysWhatWasBeingRead() {
        assertThatThrownBy(() -> JsonText.tree(json, "{\"a\":", "outbox event 7's payload"))
                .isInstanceOf(JsonText.Unreadable.class).hasMessageStartingWith("outbox event 7's payload: ");
    }
}
