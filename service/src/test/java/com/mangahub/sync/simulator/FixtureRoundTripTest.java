package com.mangahub.sync.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.mangahub.sync.support.SharedFiles;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Acceptance 2: the real captured series and chapters are served exactly as captured. */
class FixtureRoundTripTest {
    static Simulator simulator;
    static SimClient client;

    @BeforeAll
    static void start() {
        simulator = Simulator.start(SimulatorOptions.defaults().withWorldSize(20, 200).withRatePerSecond(0)
                .withFixtures(List.of(SharedFiles.fixture("manga-list-hondana.json"), SharedFiles.fixture("manga-single-hondana.json"),
                        SharedFiles.fixture("chapter-list-hondana.json"), SharedFiles.fixture("chapter-single-hondana.json"))));
        client = new SimClient(simulator);
    }

    @AfterAll
    static void stop() {
        simulator.close();
    }

    @Test
    void everySeriesOfTheMangaListIsServedWithTheAttributesAndRelationshipsItHasInTheFixture() {
        JsonNode fixture = SimClient.parse(read("manga-list-hondana.json"));
        for (JsonNode captured : fixture.get("data")) {
            JsonNode served = client.json("/manga/" + captured.get("id").asText()
                    + "?includes[]=author&includes[]=artist&includes[]=cover_art&includes[]=manga").get("data");
            assertThat(served.get("attributes")).as(captured.get("id").asText()).isEqualTo(captured.get("attributes"));
            assertThat(served.get("relationships")).as(captured.get("id").asText()).isEqualTo(captured.get("relationships"));
        }
    }

    @Test
    void theFirstSeriesComesBackInAListPageByIdsExactlyAsCaptured() {
        JsonNode captured = SimClient.parse(read("manga-list-hondana.json")).at("/data/0");
        JsonNode page = client.json("/manga?ids[]=" + captured.get("id").asText() + "&includes[]=author&includes[]=artist"
                + "&includes[]=cover_art&includes[]=manga");
        assertThat(page.get("total").asInt()).isOne();
        assertThat(page.at("/data/0")).isEqualTo(captured);
    }

    @Test
    void withoutIncludesTheSameRelationshipsComeBackBare() {
        JsonNode captured = SimClient.parse(read("manga-list-hondana.json")).at("/data/0");
        JsonNode served = client.json("/manga/" + captured.get("id").asText()).get("data");
        assertThat(served.get("relationships")).hasSameSizeAs(captured.get("relationships"));
        served.get("relationships").forEach(r -> assertThat(r.has("attributes")).isFalse());
    }

    @Test
    void capturedChaptersAreServedAsCapturedWithTheirGroupsUploaderAndSeries() {
        JsonNode captured = SimClient.parse(read("chapter-single-hondana.json")).get("data");
        JsonNode served = client.json("/chapter/" + captured.get("id").asText()
                + "?includes[]=scanlation_group&includes[]=manga&includes[]=user").get("data");
        assertThat(served.get("attributes")).isEqualTo(captured.get("attributes"));
        assertThat(withoutChapterDerivedFields(served.get("relationships")))
                .isEqualTo(withoutChapterDerivedFields(captured.get("relationships")));
    }

    @Test
    void aCapturedChapterPageIsServedInTheSameOrderWithTheSameAttributes() {
        JsonNode captured = SimClient.parse(read("chapter-list-hondana.json"));
        StringBuilder ids = new StringBuilder();
        captured.get("data").forEach(c -> ids.append("&ids[]=").append(c.get("id").asText()));
        JsonNode served = client.json("/chapter?limit=100&order[publishAt]=asc" + ids);
        assertThat(served.get("total").asInt()).isEqualTo(100);
        for (int i = 0; i < 100; i++) {
            assertThat(served.at("/data/" + i + "/attributes")).isEqualTo(captured.at("/data/" + i + "/attributes"));
        }
    }

    /** A loaded chapter's series keeps latestUploadedChapter and languages true to the chapters the world holds. */
    private static JsonNode withoutChapterDerivedFields(JsonNode relationships) {
        JsonNode copy = relationships.deepCopy();
        copy.forEach(r -> {
            if (r.get("type").asText().equals("manga") && r.has("attributes")) {
                ((ObjectNode) r.get("attributes")).remove(List.of("latestUploadedChapter", "availableTranslatedLanguages"));
            }
        });
        return copy;
    }

    @Test
    void aWholeFixtureFolderLoadsItsMangaAndChapterResponses() {
        World world = World.generate(1, 0, 0, java.time.Clock.systemUTC());
        world.loadFixtures(SharedFiles.fixture("manga-list-hondana.json").getParent());
        assertThat(world.mangaCount()).as("100 listed + 1 single + series known only from chapters").isGreaterThan(100);
        assertThat(world.chapterCount()).isEqualTo(101);
    }

    @Test
    void aCoverIsServedWithItsSeries() {
        JsonNode captured = SimClient.parse(read("manga-list-hondana.json")).at("/data/0");
        JsonNode cover = null;
        for (JsonNode r : captured.get("relationships")) if (r.get("type").asText().equals("cover_art")) cover = r;
        JsonNode served = client.json("/cover/" + cover.get("id").asText()).get("data");
        assertThat(served.get("type").asText()).isEqualTo("cover_art");
        assertThat(served.get("attributes")).isEqualTo(cover.get("attributes"));
        assertThat(served.at("/relationships/0/id").asText()).isEqualTo(captured.get("id").asText());
    }

    private static String read(String name) {
        try {
            return java.nio.file.Files.readString(SharedFiles.fixture(name));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
