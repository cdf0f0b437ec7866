package com.mangahub.sync.manga;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import org.junit.jupiter.api.Test;

class UuidsTest {
    @Test
    void onlyTheCanonicalFormIsAUuid() {
        UUID id = UUID.randomUUID();
        assertThat(Uuids.parse(id.toString())).contains(id);
        assertThat(Uuids.parse(id.toString().toUpperCase())).contains(id);
        assertThat(Uuids.parse("1-2-3-4-5")).isEmpty();
        assertThat(Uuids.parse("+0000000-0000-0000-0000-000000000000")).isEmpty();
        assertThat(Uuids.parse(id + " ")).isEmpty();
        assertThat(Uuids.parse("")).isEmpty();
        assertThat(Uuids.parse(null)).isEmpty();
    }
}
