package com.mangahub.sync.simulator;

import java.util.List;
import java.util.UUID;

/** A custom list ("MDList") as the world holds it: {@code GET /list/{id}} lists its series as relationships. */
record CustomListEntry(UUID id, String name, boolean isPublic, List<UUID> mangaIds) {}
