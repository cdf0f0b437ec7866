package com.mangahub.sync.mangadex;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.mangahub.sync.App;
import com.mangahub.sync.manga.Chapter;
import com.mangahub.sync.manga.Manga;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Poisoned text anywhere in a MangaDex answer (attributes, language maps and their keys, relationship attributes,
 * which are JSON trees) comes out of the mapping layer storable: no NUL, no lone surrogate, each field within its
 * cap, pairs never split; and every repair is counted.
 */
class StorableTextTest {
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final JsonBodies bodies = new JsonBodies(App.jsonMapper(), 16L << 20, new TextRepairs(registry));

    @Test
    void aChapterWithPoisonInEveryKindOfPlaceIsMappedStorable() {
        String json = """
                {"result":"ok","data":[{"id":"11111111-1111-4111-8111-111111111111","type":"chapter",
                 "attributes":{"title":"A\\u0000B\\ud800C","chapter":"%s","volume":"\\udfff","translatedLanguage":"en",
                   "pages":3,"publishAt":"2026-01-01T00:00:00+00:00","createdAt":"2026-01-01T00:00:00+00:00",
                   "updatedAt":"2026-01-01T00:00:00+00:00","version":1},
                 "relationships":[{"id":"22222222-2222-4222-8222-222222222222","type":"manga"},
                   {"id":"33333333-3333-4333-8333-333333333333","type":"scanlation_group",
                    "attributes":{"name":"Gr\\u0000oup \\ud83d\\ude00"}}]}],"limit":1,"offset":0,"total":1}
                """.formatted("9".repeat(10_000));
        var page = bodies.parse("/chapter", json.getBytes(StandardCharsets.UTF_8),
                new TypeReference<Wire.Collection<Wire.ChapterAttributes>>() {});
        Chapter ch = ChapterMapping.toChapter(page.data().getFirst());

        assertThat(ch.title()).contains("AB\uFFFDC");
        assertThat(ch.volume()).contains("\uFFFD");
        assertThat(ch.number().text().orElseThrow()).hasSize(StorableText.CAPS.get("chapter"));
        assertThat(ch.groups().getFirst().name()).as("a relationship's attributes are a tree").isEqualTo("Group \uD83D\uDE00");
        assertThat(count("nul")).isEqualTo(2);
        assertThat(count("surrogate")).isEqualTo(2);
        assertThat(count("truncated")).isEqualTo(1);
    }

    @Test
    void languageMapsTheirKeysAndLongTitlesAreRepairedWithoutSplittingAPair() {
        String longTitle = "\uD83D\uDE00".repeat(400); // 800 UTF-16 units, cut at 500 without halving an emoji
        String json = """
                {"result":"ok","data":{"id":"44444444-4444-4444-8444-444444444444","type":"manga",
                 "attributes":{"title":{"e\\u0000n":"%s"},"altTitles":[{"ja":"\\ud800"}],
                   "description":{"en":"fine"},"createdAt":"2026-01-01T00:00:00+00:00",
                   "updatedAt":"2026-01-01T00:00:00+00:00"},"relationships":[]}}
                """.formatted(longTitle);
        var single = bodies.parse("/manga/{id}", json.getBytes(StandardCharsets.UTF_8),
                new TypeReference<Wire.Single<Wire.MangaAttributes>>() {});
        Manga m = MangaMapping.toManga(single.data());

        assertThat(m.titles()).containsOnlyKeys("en");
        assertThat(m.title()).hasSize(500).isEqualTo("\uD83D\uDE00".repeat(250));
        assertThat(m.altTitles().getFirst()).containsEntry("ja", "\uFFFD");
        assertThat(count("nul")).isEqualTo(1);
        assertThat(count("surrogate")).isEqualTo(1);
        assertThat(count("truncated")).isEqualTo(1);
    }

    @Test
    void cleanTextIsLeftAsItIsAndCountsNothing() {
        StorableText.Repairs repairs = new StorableText.Repairs();
        String text = "Chainsaw Man \uD83E\uDE9A チェンソーマン";
        assertThat(StorableText.repair(text, 500, repairs, () -> "/x")).isSameAs(text);
        assertThat(repairs.any()).isFalse();
    }

    private double count(String repair) {
        return registry.counter("mangadex_text_repaired", "repair", repair).count();
    }
}
