package com.mangahub.sync.notify.feed;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.mangahub.sync.json.JsonText;
import java.util.List;

/**
 * JSON Feed 1.1 (https://jsonfeed.org/version/1.1) with the one Jackson mapper. Items carry {@code content_text}
 * only, never {@code content_html}, so no title can become markup; what a client may want to act on (series and
 * chapter ids, groups, language) is in the {@code _mangahub} extension object, as the spec provides for.
 */
final class JsonFeed {
    static final String VERSION = "https://jsonfeed.org/version/1.1";

    private JsonFeed() {}

    static String write(ObjectMapper json, FeedInfo info, List<FeedItem> items) {
        ObjectNode feed = json.createObjectNode();
        feed.put("version", VERSION);
        feed.put("title", info.title());
        if (info.homeUrl() != null) feed.put("home_page_url", info.homeUrl());
        if (info.selfUrl() != null) feed.put("feed_url", info.selfUrl());
        feed.put("description", info.description());
        feed.putArray("authors").addObject().put("name", FeedInfo.AUTHOR);
        ArrayNode out = feed.putArray("items");
        for (FeedItem item : items) {
            ObjectNode node = out.addObject();
            node.put("id", item.id());
            if (item.link() != null) node.put("url", item.link().toString());
            node.put("title", item.title());
            node.put("content_text", item.text());
            node.put("date_published", item.updated().toString());
            node.put("date_modified", item.updated().toString());
            if (!item.groups().isEmpty()) {
                ArrayNode authors = node.putArray("authors");
                item.groups().forEach(g -> authors.addObject().put("name", g));
            }
            ArrayNode tags = node.putArray("tags");
            item.tags().forEach(tags::add);
            if (item.language() != null) node.put("language", item.language());
            ObjectNode ours = node.putObject("_mangahub");
            ours.put("type", item.type());
            ours.put("manga_id", item.mangaId());
            ours.put("series", item.series());
            ours.put("chapter", item.chapter());
            ours.put("old_chapter", item.oldChapter());
            ours.put("chapter_title", item.chapterTitle());
            ours.put("volume", item.volume());
            ours.put("chapter_id", item.chapterId());
            ours.put("external_url", item.link() != null && item.externalUrl() != null
                    && item.link().toString().equals(item.externalUrl()) ? item.externalUrl() : null);
            item.groups().forEach(ours.putArray("groups")::add);
            ours.put("language", item.language());
        }
        return JsonText.write(json, feed);
    }
}
