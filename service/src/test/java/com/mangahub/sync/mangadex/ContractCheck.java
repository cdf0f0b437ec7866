package com.mangahub.sync.mangadex;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.report.ValidationReport;
import com.mangahub.sync.support.SharedFiles;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.Collection;
import java.util.List;
import java.util.stream.Stream;

/**
 * Validates requests the client sent against MangaDex's official OpenAPI spec (5.10.0). Every test class that
 * serves the client checks its recorded requests after each test, so the whole suite's traffic is validated.
 */
final class ContractCheck {
    private static OpenApiInteractionValidator validator;

    private ContractCheck() {}

    /** One line per violation; empty when every request matches the spec. */
    static List<String> violations(Collection<RecordedRequest> requests) {
        return requests.stream().flatMap(r -> validate(r).stream()).toList();
    }

    static List<String> validate(RecordedRequest request) {
        SimpleRequest.Builder builder = new SimpleRequest.Builder(request.method(), request.path());
        request.query().forEach((name, values) -> builder.withQueryParam(unbracketed(name), values));
        request.headers().forEach(builder::withHeader);
        ValidationReport report = validator().validateRequest(builder.build());
        return report.getMessages().stream()
                .filter(m -> m.getLevel() == ValidationReport.Level.ERROR)
                .map(m -> request.method() + " " + request.path() + "?" + request.rawQuery() + ": " + m.getMessage())
                .toList();
    }

    /**
     * The validator turns declared parameter names into regular expressions (to match deepObject {@code order[x]}),
     * which breaks on MangaDex's {@code ids[]}-style names. Renaming {@code []} to {@code _array} on both sides
     * keeps the check exact and avoids that.
     */
    private static String unbracketed(String name) {
        return name.replace("[]", "_array");
    }

    private static void unbracketParameters(PathItem path) {
        Stream.concat(Stream.ofNullable(path.getParameters()).flatMap(List::stream),
                        path.readOperations().stream().flatMap(o -> Stream.ofNullable(o.getParameters()).flatMap(List::stream)))
                .forEach(p -> p.setName(unbracketed(p.getName())));
    }

    private static synchronized OpenApiInteractionValidator validator() {
        if (validator == null) {
            try {
                // The official spec has a defect in a response schema (availableTranslatedLanguages: an array
                // without items) that makes the validator's own loader refuse it. Requests never touch that schema,
                // so the spec is parsed leniently here and the validator built from the result.
                ParseOptions options = new ParseOptions();
                options.setResolve(true);
                options.setResolveFully(true);
                SwaggerParseResult parsed = new OpenAPIV3Parser()
                        .readContents(Files.readString(SharedFiles.openApiSpec()), null, options);
                OpenAPI api = parsed.getOpenAPI();
                api.getPaths().values().forEach(ContractCheck::unbracketParameters);
                validator = OpenApiInteractionValidator.createFor(api).build();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return validator;
    }
}
