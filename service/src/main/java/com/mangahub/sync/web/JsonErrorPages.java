package com.mangahub.sync.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.handler.ErrorHandler;

/**
 * Jetty's own answers in our JSON error shape instead of its HTML page: the requests Jetty refuses before any route
 * sees them (431 headers too large, 414, 400 malformed) and any error Jetty answers itself. The message is the
 * status's reason phrase; Jetty's detail (which may echo the request) is not repeated.
 */
final class JsonErrorPages extends ErrorHandler {
    private static final HttpField JSON = new HttpField(HttpHeader.CONTENT_TYPE, "application/json");
    private final ObjectMapper json;

    JsonErrorPages(ObjectMapper json) {
        this.json = json;
    }

    /** Called by Jetty for a request it could not parse, before any handler. */
    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        fields.put(JSON);
        return ByteBuffer.wrap(body(status));
    }

    @Override
    protected void generateAcceptableResponse(Request baseRequest, HttpServletRequest request,
                                              HttpServletResponse response, int code, String message) throws IOException {
        response.setContentType("application/json");
        response.getOutputStream().write(body(code));
        baseRequest.setHandled(true);
    }

    private byte[] body(int status) {
        try {
            return json.writeValueAsBytes(HttpServer.errorBody(code(status), reason(status), null));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String code(int status) {
        return switch (status) {
            case 400 -> "bad_request";
            case 413 -> "payload_too_large";
            case 414 -> "uri_too_long";
            case 431 -> "headers_too_large";
            default -> status >= 500 ? "internal_error" : "http_" + status;
        };
    }

    private static String reason(int status) {
        String reason = HttpStatus.getMessage(status);
        return switch (status) {
            case 431 -> "request headers too large (" + reason + ")";
            case 414 -> "request URI too long (" + reason + ")";
            default -> reason;
        };
    }
}
