package com.mangahub.sync.mangadex;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.mangahub.sync.config.Config;
import com.mangahub.sync.support.SharedFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/** The real captured MangaDex responses (never edited) and variants derived from them in memory. */
final class Fixtures {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String MANGA_LIST = "manga-list-hondana.json";
    static final String MANGA_SINGLE = "manga-single-hondana.json";
    static final String CHAPTER_LIST = "chapter-list-hondana.json";
    static final String CHAPTER_SINGLE = "chapter-single-hondana.json";
    static final String AGGREGATE = "aggregate-en-mangapixer-chainsaw-man.json";
    static final String AGGREGATE_EMPTY = "aggregate-empty-volumes-array-mangapixer-tower-of-god.json";
    static final String ERROR_404 = "error-404-mangakekw.json";

    private Fixtures() {}

    static String text(String name) {
        try {
            return Files.readString(SharedFiles.fixture(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode tree(String name) {
        try {
            return JSON.readTree(text(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A fixture with one change applied to a copy of its JSON tree. */
    static String variant(String name, Consumer<ObjectNode> change) {
        ObjectNode root = (ObjectNode) tree(name);
        change.accept(root);
        return root.toString();
    }

    /** A list page holding only the first entity of a single-entity fixture, shaped like MangaDex's list. */
    static ObjectNode listOf(JsonNode entity) {
        ObjectNode page = JSON.createObjectNode().put("result", "ok").put("response", "collection");
        page.putArray("data").add(entity.deepCopy());
        return page.put("limit", 10).put("offset", 0).put("total", 1);
    }

    static Config.MangaDex config(URI base, double rate) {
        return new Config.MangaDex(base, Optional.empty(), rate, Duration.ofSeconds(10), Duration.ofSeconds(30),
                List.of("safe", "suggestive", "erotica", "pornographic"), 16L * 1024 * 1024);
    }
}
