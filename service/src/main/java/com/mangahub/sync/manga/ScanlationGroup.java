package com.mangahub.sync.manga;

import java.util.UUID;

/** A group credited on a chapter; the name is empty when MangaDex did not expand the relationship. */
public record ScanlationGroup(UUID id, String name) {}
