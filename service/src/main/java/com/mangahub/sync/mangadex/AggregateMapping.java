package com.mangahub.sync.mangadex;

import com.fasterxml.jackson.databind.JsonNode;
import com.mangahub.sync.manga.ChapterNumber;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The aggregate's volumes map to {@link Aggregate}. PHP again: an empty {@code volumes} (or a volume's empty
 * {@code chapters}) arrives as {@code []} instead of {@code {}}.
 */
final class AggregateMapping {
    private AggregateMapping() {}

    static Aggregate toAggregate(Wire.Aggregate wire) {
        if (!"ok".equals(wire.result())) {
            throw new MangaDexException.BadResponse("MangaDex aggregate with result '" + wire.result() + "'", null);
        }
        Map<String, List<ChapterNumber>> volumes = new LinkedHashMap<>();
        JsonNode volumesNode = wire.volumes();
        if (volumesNode == null || !volumesNode.isObject()) return new Aggregate(volumes);
        volumesNode.properties().forEach(volume -> volumes.put(volume.getKey(), chapters(volume.getValue())));
        return new Aggregate(volumes);
    }

    private static List<ChapterNumber> chapters(JsonNode volume) {
        List<ChapterNumber> numbers = new ArrayList<>();
        JsonNode chapters = volume.get("chapters");
        if (chapters == null || !chapters.isObject()) return numbers;
        chapters.properties().forEach(chapter -> {
            JsonNode number = chapter.getValue().get("chapter");
            numbers.add(ChapterNumber.parse(number != null && number.isTextual() ? number.asText() : chapter.getKey()));
        });
        return numbers;
    }
}
