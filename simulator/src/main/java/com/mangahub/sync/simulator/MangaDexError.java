package com.mangahub.sync.simulator;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.UUID;

/**
 * An error answered in MangaDex's shape: {@code {"result":"error","errors":[{id,status,title,detail,context}]}}.
 * Thrown by the endpoint handlers, turned into a response once by the request pipeline.
 */
final class MangaDexError extends RuntimeException {
    private final int status;
    private final String title;

    MangaDexError(int status, String title, String detail) {
        super(detail);
        this.status = status;
        this.title = title;
    }

    /** A parameter that breaks the schema. MangaDex words these "Error validating /field: reason". */
    static MangaDexError validation(String field, String reason) {
        return new MangaDexError(400, "validation_exception", "Error validating /" + field + ": " + reason);
    }

    static MangaDexError windowTooLarge(int offset, int limit) {
        return new MangaDexError(400, "bad_request_http_exception", "Result window is too large, from + size must be "
                + "less than or equal to: [10000] but was [" + (offset + limit) + "]. See the scroll api for a more "
                + "efficient way to request large data sets. This limit can be set by changing the "
                + "[index.max_result_window] index level setting.");
    }

    static MangaDexError notFound(String what) {
        return new MangaDexError(404, "not_found_http_exception", what);
    }

    int status() {
        return status;
    }

    ObjectNode body() {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.put("result", "error");
        ObjectNode error = body.putArray("errors").addObject();
        error.put("id", UUID.randomUUID().toString());
        error.put("status", status);
        error.put("title", title);
        error.put("detail", getMessage());
        error.putNull("context");
        return body;
    }
}
