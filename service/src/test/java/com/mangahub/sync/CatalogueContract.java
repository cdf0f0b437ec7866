package com.mangahub.sync;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.mangahub.sync.support.HeadlessChromium;
import java.util.List;

/**
 * The parts of the catalogue search contract ({@code GET /api/manga}) the web app's tests need and the server may not
 * give yet, answered in its place: another site's address is a JSON 400 naming {@code q}, and {@code remote=always}
 * answers the snake_case page of one series found on MangaDex. Everything else goes to the server. Each request the
 * page sent is recorded, so a test can say what the page asked. Once the server answers these itself, a test can drop
 * the stand-in and keep its assertions.
 */
final class CatalogueContract {
    static final String OTHER_SITE = "https://example.org/title/0b2bbc61-5b1a-4a9c-b1ee-9a3a58d5e3f4/some-series";
    static final String OTHER_SITE_MESSAGE = "q: example.org is not MangaDex: paste a title, a MangaDex id or a "
            + "mangadex.org/title/… address";
    private static final ObjectMapper JSON = new ObjectMapper();

    private CatalogueContract() {}

    /** The stand-in's answer to one request of the page (null: the server answers). */
    static HeadlessChromium.Response answer(HeadlessChromium.Request request, List<String> asked, JsonNode series) {
        if (!request.url().contains("/api/manga?")) return null;
        asked.add(request.url());
        if (request.url().contains("example.org")) {
            ObjectNode error = JSON.createObjectNode().put("error", "bad_request").put("message", OTHER_SITE_MESSAGE)
                    .put("field", "q");
            return new HeadlessChromium.Response(400, error.toString());
        }
        if (!request.url().contains("remote=always")) return null;
        ObjectNode page = JSON.createObjectNode();
        page.putArray("items").addObject()
                .put("id", series.get("id").asLong())
                .put("mangadex_id", either(series, "mangadex_id", "mangadexId"))
                .put("slug", series.get("slug").asText())
                .put("title", series.get("title").asText())
                .put("status", series.path("status").asText(null))
                .put("cover_url", either(series, "cover_url", "coverUrl"))
                .putNull("latest_chapter")
                .put("content_rating", either(series, "content_rating", "contentRating"))
                .put("tracked", false);
        page.put("page", 1).put("size", 20).put("total", 1);
        page.putObject("mangadex").put("asked", true).put("found", 1);
        return new HeadlessChromium.Response(200, page.toString());
    }

    /** A field of the series' details under its snake_case name, or its camelCase one until the whole API is snake_case. */
    private static String either(JsonNode series, String snake, String camel) {
        return series.path(snake).isMissingNode() ? series.path(camel).asText(null) : series.path(snake).asText(null);
    }
}
