package com.mangahub.sync.mangadex;

/** An {@code order[field]=asc|desc} parameter. Always sent: MangaDex's defaults are rarely what a poller needs. */
public record SortOrder(String field, boolean ascending) {
    public static SortOrder asc(String field) {
        return new SortOrder(field, true);
    }

    public static SortOrder desc(String field) {
        return new SortOrder(field, false);
    }

    public String direction() {
        return ascending ? "asc" : "desc";
    }
}
