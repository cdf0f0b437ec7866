package com.mangahub.sync.simulator;

import java.util.UUID;

/** One entry of a {@code relationships} array: {@code related} is set only for manga-to-manga relations. */
record Relation(String type, UUID id, String related) {
    static Relation of(String type, UUID id) {
        return new Relation(type, id, null);
    }
}
