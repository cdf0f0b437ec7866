package com.mangahub.sync.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;

/**
 * The API's one JSON casing: every property a client reads is snake_case ({@code mangadex_id}, {@code cover_url}),
 * whatever the Java name of the record component behind it ({@code mangadexId}). Answers built as maps already name
 * their keys so; records get their names here, from the mapper Javalin writes answers with. Only answers: MangaDex's
 * own camelCase is read by the MangaDex client with the service's mapper, and state the service stores for itself
 * keeps that mapper's names, so neither changes with the API.
 */
public final class ApiJson {
    private ApiJson() {}

    /** A copy of the service's mapper that names record and bean properties in snake_case. */
    public static ObjectMapper answers(ObjectMapper service) {
        return service.copy().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);
    }
}
