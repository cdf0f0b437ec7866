package com.mangahub.sync.mangadex;

import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * Collects a response body as it streams in and gives up the moment it passes the cap, cancelling the transfer,
 * so a hostile 50 MB answer costs at most the cap in memory. A Content-Length above the cap is refused unread.
 */
final class CappedBody implements HttpResponse.BodySubscriber<byte[]> {
    private final long cap;
    private final CompletableFuture<byte[]> result = new CompletableFuture<>();
    /** Chunks as they came: joined once at the end, so memory is the body's size, not a doubling buffer's. */
    private final List<byte[]> chunks = new ArrayList<>();
    private long size;
    private Flow.Subscription subscription;

    private CappedBody(long cap) {
        this.cap = cap;
    }

    static HttpResponse.BodyHandler<byte[]> handler(long cap) {
        return info -> {
            CappedBody body = new CappedBody(cap);
            long declared = info.headers().firstValueAsLong("Content-Length").orElse(-1);
            if (declared > cap) body.result.completeExceptionally(new TooLarge(cap));
            return body;
        };
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        subscription = s;
        if (result.isDone()) {
            s.cancel();
        } else {
            s.request(Long.MAX_VALUE);
        }
    }

    @Override
    public void onNext(List<ByteBuffer> items) {
        if (result.isDone()) return;
        for (ByteBuffer item : items) {
            if (size + item.remaining() > cap) {
                subscription.cancel();
                result.completeExceptionally(new TooLarge(cap));
                return;
            }
            byte[] chunk = new byte[item.remaining()];
            item.get(chunk);
            chunks.add(chunk);
            size += chunk.length;
        }
    }

    @Override
    public void onError(Throwable throwable) {
        result.completeExceptionally(throwable);
    }

    @Override
    public void onComplete() {
        byte[] body = new byte[(int) size];
        int at = 0;
        for (byte[] chunk : chunks) {
            System.arraycopy(chunk, 0, body, at, chunk.length);
            at += chunk.length;
        }
        chunks.clear();
        result.complete(body);
    }

    @Override
    public CompletionStage<byte[]> getBody() {
        return result;
    }

    /** The body is larger than we are willing to hold. */
    static final class TooLarge extends RuntimeException {
        TooLarge(long cap) {
            super("response body larger than the " + cap + "-byte cap (MANGADEX_MAX_BODY_MB)");
        }
    }
}
