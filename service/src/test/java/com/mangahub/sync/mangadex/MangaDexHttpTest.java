package com.mangahub.sync.mangadex;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** One client for MangaDex's hosts: it closes once every component holding it, and its creator, let go. */
class MangaDexHttpTest {
    private static final Duration CONNECT = Duration.ofSeconds(2);

    @Test
    void theSharedClientOutlivesEachHolderButTheLast() {
        MangaDexHttp shared = new MangaDexHttp(CONNECT);
        MangaDexHttp api = shared.hold();
        MangaDexHttp covers = shared.hold();
        assertThat(api.client()).isSameAs(covers.client());
        shared.close(); // the process lets go first (its lifecycle closes it after the roles, but any order holds)
        api.close();
        assertThat(covers.client().isTerminated()).isFalse();
        covers.close();
        assertThat(covers.client().isTerminated()).isTrue();
        covers.close(); // a second close changes nothing
        assertThatThrownBy(shared::hold).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aClientForOneComponentEndsWithIt() {
        MangaDexHttp own = MangaDexHttp.forOne(CONNECT).hold();
        assertThat(own.client().isTerminated()).isFalse();
        own.close();
        assertThat(own.client().isTerminated()).isTrue();
    }
}
