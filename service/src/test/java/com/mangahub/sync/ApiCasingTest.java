package com.mangahub.sync;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mangahub.sync.support.SnakeCase;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * One casing in the API's contract: every property of every schema in {@code /openapi.json} (requests, answers, the
 * event stream's and the feeds' shapes) and every query and path parameter is snake_case. The answers themselves are
 * held to the same rule by {@link PrismContractTest}, whose tour reads every documented operation.
 */
class ApiCasingTest {
    @Test
    void everySchemaPropertyAndParameterOfTheDocumentIsSnakeCase() throws Exception {
        JsonNode document;
        try (InputStream in = getClass().getResourceAsStream("/openapi/openapi.json")) {
            document = new ObjectMapper().readTree(in);
        }
        assertThat(SnakeCase.inSchemas(document)).as("schema properties not in snake_case").isEmpty();
        List<String> parameters = new ArrayList<>();
        document.get("paths").properties().forEach(path -> path.getValue().properties().forEach(op -> {
            for (JsonNode p : op.getValue().path("parameters")) {
                boolean named = p.path("in").asText().equals("query") || p.path("in").asText().equals("path");
                if (named && !SnakeCase.is(p.path("name").asText())) {
                    parameters.add(op.getKey() + " " + path.getKey() + ": " + p.path("name").asText());
                }
            }
        }));
        assertThat(parameters).as("query and path parameters not in snake_case").isEmpty();
        assertThat(SnakeCase.inSchemas(new ObjectMapper().readTree("{\"properties\":{\"coverUrl\":{}}}")))
                .as("the walk finds a camelCase property").containsExactly("/properties/coverUrl");
    }
}
