package com.mangahub.sync.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

/**
 * The size cap of every request body on every route, in front of Javalin: a declared Content-Length over the cap is a
 * JSON 413 before anything is read; any other body (chunked, or lying about its length) is read through
 * {@link CappedInput}, so it is refused at the cap while it streams. Javalin's own {@code maxRequestSize} only looks
 * at Content-Length and reads a chunked body whole, which is how a 50 MB body once became an OutOfMemoryError.
 */
final class BodyCap implements Filter {
    private final long limit;
    private final ObjectMapper json;

    BodyCap(long limit, ObjectMapper json) {
        this.limit = limit;
        this.json = json;
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        HttpServletRequest http = (HttpServletRequest) request;
        if (http.getContentLengthLong() > limit) {
            HttpServletResponse out = (HttpServletResponse) response;
            ApiError tooLarge = ApiError.tooLarge(limit, null);
            out.setStatus(tooLarge.status());
            out.setContentType("application/json");
            // the body is left unread: Jetty closes the connection instead of reading it to reuse the connection
            out.setHeader("Connection", "close");
            json.writeValue(out.getOutputStream(), HttpServer.errorBody(tooLarge.code(), tooLarge.getMessage(), null));
            return;
        }
        chain.doFilter(new Capped(http, limit), response);
    }

    private static final class Capped extends HttpServletRequestWrapper {
        private final long limit;
        private ServletInputStream capped;

        Capped(HttpServletRequest request, long limit) {
            super(request);
            this.limit = limit;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (capped == null) capped = new CappedInput(super.getInputStream(), limit);
            return capped;
        }

        @Override
        public BufferedReader getReader() throws IOException {
            String encoding = getCharacterEncoding();
            Charset charset = encoding == null ? StandardCharsets.UTF_8 : Charset.forName(encoding);
            return new BufferedReader(new InputStreamReader(getInputStream(), charset));
        }
    }
}
