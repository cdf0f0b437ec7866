package com.mangahub.sync.web;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import java.io.IOException;

/**
 * A request body that refuses to be read past {@code limit} bytes: the read that would cross it throws a 413
 * {@link ApiError} instead, so no reader (Javalin's {@code ctx.body()}, a parser, a stream) can buffer a body of any
 * size, with a Content-Length or chunked alike. The bytes beyond the limit are never read: Jetty drops them and
 * closes the connection after the answer.
 */
final class CappedInput extends ServletInputStream {
    private final ServletInputStream body;
    private final long limit;
    private long read;

    CappedInput(ServletInputStream body, long limit) {
        this.body = body;
        this.limit = limit;
    }

    @Override
    public int read() throws IOException {
        int b = body.read();
        if (b >= 0) count(1);
        return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        // never ask for more than one byte past the limit: that byte alone proves the body too large
        long allowed = limit - read + 1;
        int n = body.read(buffer, offset, (int) Math.min(length, Math.max(1, allowed)));
        if (n > 0) count(n);
        return n;
    }

    private void count(int n) {
        read += n;
        if (read > limit) throw ApiError.tooLarge(limit, null);
    }

    @Override
    public boolean isFinished() {
        return body.isFinished();
    }

    @Override
    public boolean isReady() {
        return body.isReady();
    }

    @Override
    public void setReadListener(ReadListener listener) {
        body.setReadListener(listener);
    }
}
