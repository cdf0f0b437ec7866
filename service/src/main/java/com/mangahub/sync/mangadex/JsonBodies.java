package com.mangahub.sync.mangadex;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import java.io.IOException;
import java.util.Optional;

/**
 * Parses MangaDex bodies under strict limits, so a hostile or broken answer becomes a
 * {@link MangaDexException.BadResponse} and never an out-of-memory error or a stack overflow, and with every text
 * made storable on the way ({@link StorableText}: no NUL, no lone surrogate, capped), so one poisoned title can never
 * fail the transaction that stores a page.
 */
final class JsonBodies {
    /** Real descriptions are a few kB; a megabyte of text in one field is not a manga description. */
    static final int MAX_STRING_LENGTH = 1_000_000;
    /** MangaDex's deepest real structure (a relationship's attributes inside an entity inside a list) is under 10. */
    static final int MAX_NESTING_DEPTH = 64;
    static final int MAX_NUMBER_LENGTH = 100;

    private final ObjectReader reader;
    private final TextRepairs repairs;

    /**
     * A reader derived from the service's one mapper (its modules, so dates read as everywhere else), with what only
     * MangaDex's answers need: the strict stream limits above, tolerance for fields MangaDex adds, and offsets kept
     * as MangaDex sent them. The limits live in the tokenizer (the factory), so the reader gets a factory of its own.
     */
    JsonBodies(ObjectMapper json, long maxBodyBytes, TextRepairs repairs) {
        this.repairs = repairs;
        StreamReadConstraints limits = StreamReadConstraints.builder()
                .maxStringLength(MAX_STRING_LENGTH)
                .maxNestingDepth(MAX_NESTING_DEPTH)
                .maxNumberLength(MAX_NUMBER_LENGTH)
                .maxDocumentLength(maxBodyBytes)
                .build();
        JsonFactory factory = JsonFactory.builder().streamReadConstraints(limits).build();
        this.reader = json.reader().with(factory)
                .without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .without(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE);
    }

    /** The body as {@code type}; anything that is not such JSON is a BadResponse naming the endpoint. */
    <T> T parse(String endpoint, byte[] body, TypeReference<T> type) {
        try {
            StorableText.Repairs repaired = new StorableText.Repairs();
            T value;
            try (StorableText parser = new StorableText(reader.createParser(body), repaired)) {
                value = reader.forType(type).readValue(parser);
            }
            repairs.record(endpoint, repaired);
            if (value == null) throw new MangaDexException.BadResponse(endpoint + ": body is JSON null", null);
            return value;
        } catch (IOException e) {
            if (endsEarly(e)) {
                throw new Truncated(endpoint + ": body ends in the middle of the JSON (" + body.length + " bytes)", e);
            }
            throw new MangaDexException.BadResponse(endpoint + ": not a MangaDex JSON body: " + firstLine(e), e);
        }
    }

    /** MangaDex's error code and detail, when the body is its JSON error shape. */
    Optional<Wire.Error> error(byte[] body) {
        try {
            Wire.Errors errors = reader.forType(Wire.Errors.class).readValue(body);
            return errors == null || errors.errors() == null ? Optional.empty() : errors.errors().stream().findFirst();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Databind wraps the parser's end-of-input error in a mapping error naming the field it was reading. */
    private static boolean endsEarly(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof JsonEOFException) return true;
        }
        return false;
    }

    private static String firstLine(IOException e) {
        String message = String.valueOf(e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage());
        int newline = message.indexOf('\n');
        String line = newline < 0 ? message : message.substring(0, newline);
        return line.length() > 300 ? line.substring(0, 300) + "…" : line;
    }

    /** A body cut short in transit: retried like an I/O error, since the next answer is likely whole. */
    static final class Truncated extends RuntimeException {
        Truncated(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
