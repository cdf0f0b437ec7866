package com.mangahub.sync.mangadex;

import java.util.List;
import java.util.UUID;

/** A MangaDex custom list ("MDList"): its name, {@code public} or {@code private}, and the ids of its series. */
public record CustomList(UUID id, String name, String visibility, List<UUID> mangaIds) {}
