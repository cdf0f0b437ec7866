package com.mangahub.sync.simulator;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.UUID;

/** Builds the attribute objects of authors, covers, groups and users in the shapes the fixtures show. */
final class EntityFactory {
    private static final List<String> AUTHOR_LINKS = List.of("twitter", "pixiv", "melonBook", "fanBox", "booth",
            "namicomi", "nicoVideo", "skeb", "fantia", "tumblr", "youtube", "weibo", "naver", "website");

    private final JsonNodeFactory json;
    private final Random random;

    EntityFactory(JsonNodeFactory json, Random random) {
        this.json = json;
        this.random = random;
    }

    UUID uuid() {
        // version-4 layout from the seeded generator, so a seed always gives the same ids
        long most = (random.nextLong() & ~0xF000L) | 0x4000L;
        long least = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(most, least);
    }

    ObjectNode author(Instant createdAt) {
        ObjectNode a = json.objectNode();
        a.put("name", Names.person(random));
        a.putNull("imageUrl");
        a.putObject("biography");
        for (String link : AUTHOR_LINKS) a.putNull(link);
        stamp(a, createdAt, createdAt, 1);
        return a;
    }

    ObjectNode cover(String volume, String locale, Instant createdAt) {
        ObjectNode c = json.objectNode();
        c.put("description", "");
        if (volume == null) c.putNull("volume"); else c.put("volume", volume);
        c.put("fileName", uuid() + ".jpg");
        c.put("locale", locale);
        stamp(c, createdAt, createdAt, 1);
        return c;
    }

    ObjectNode group(String language, Instant createdAt) {
        ObjectNode g = json.objectNode();
        g.put("name", Names.group(random));
        g.putArray("altNames");
        g.put("locked", random.nextInt(4) == 0);
        g.putNull("website");
        g.putNull("ircServer");
        g.putNull("ircChannel");
        g.putNull("discord");
        g.putNull("contactEmail");
        g.putNull("description");
        g.putNull("twitter");
        g.putNull("mangaUpdates");
        g.putArray("focusedLanguages").add(language);
        g.put("official", false);
        g.put("verified", false);
        g.put("inactive", random.nextInt(10) == 0);
        g.putNull("publishDelay");
        stamp(g, createdAt, createdAt, 1);
        return g;
    }

    ObjectNode user(int number) {
        ObjectNode u = json.objectNode();
        u.put("username", "uploader" + number);
        u.putArray("roles").add("ROLE_MEMBER").add("ROLE_GROUP_MEMBER");
        u.put("version", 1 + random.nextInt(20));
        return u;
    }

    private static void stamp(ObjectNode node, Instant createdAt, Instant updatedAt, int version) {
        node.put("createdAt", Timestamps.format(createdAt));
        node.put("updatedAt", Timestamps.format(updatedAt));
        node.put("version", version);
    }
}
