package com.mangahub.sync.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.util.BufferUtil;
import org.eclipse.jetty.util.Callback;

/**
 * Notices at once when the client of a long answer (an event stream) closes its end. Jetty reads a connection only
 * while it expects a request or its body, so during a streamed answer a client's FIN sits unread and the server
 * learns of the close only from a write that fails, one event too late. This keeps the connection's read side
 * watched instead: the selector reports the FIN (a read of -1) or a reset, and {@code onClosed} runs on Jetty's
 * thread within a millisecond. Only for answers that end their connection ({@code Connection: close}, as event
 * streams do): bytes a client sends meanwhile are read and dropped, since no next request will be parsed from them.
 */
public final class PeerClose implements Callback {
    private final EndPoint endPoint;
    private final Runnable onClosed;
    private final AtomicBoolean closed = new AtomicBoolean();

    private PeerClose(EndPoint endPoint, Runnable onClosed) {
        this.endPoint = endPoint;
        this.onClosed = onClosed;
    }

    /**
     * Watches the connection of this request from now on. Only one read may be pending on a connection: Jetty has
     * none during the answer to a request without a body (an event stream's GET); were it reading, this watch would
     * stand aside and a failed write would end the stream, as before.
     */
    public static PeerClose watch(HttpServletRequest request, Runnable onClosed) {
        PeerClose watch = new PeerClose(Request.getBaseRequest(request).getHttpChannel().getEndPoint(), onClosed);
        watch.listen();
        return watch;
    }

    /**
     * Ends the answer from our side (its last chunk) and then the connection, when the client is still there (a
     * revoked token, shutdown): Jetty will not complete a request whose connection still has a read pending (it logs
     * a warning and aborts), and ours would be.
     */
    public void finish(HttpServletResponse response) {
        if (closed.get()) return;
        try {
            response.getOutputStream().close();
        } catch (IOException e) {
            // the client went meanwhile: nothing left to end but the connection
        }
        endPoint.close();
    }

    private void listen() {
        if (!endPoint.isOpen()) {
            gone();
            return;
        }
        endPoint.tryFillInterested(this);
    }

    /** The connection is readable: its end (-1), or stray bytes to drop. */
    @Override
    public void succeeded() {
        ByteBuffer scratch = BufferUtil.allocate(256);
        try {
            int n;
            while ((n = endPoint.fill(scratch)) > 0) BufferUtil.clear(scratch);
            if (n < 0) gone();
            else listen();
        } catch (IOException e) {
            gone(); // a reset
        }
    }

    @Override
    public void failed(Throwable cause) {
        // an idle timeout fails a pending read without closing anything: the stream's heartbeat decides about that
        if (cause instanceof TimeoutException && endPoint.isOpen()) listen();
        else gone();
    }

    private void gone() {
        if (closed.compareAndSet(false, true)) onClosed.run();
    }

    @Override
    public InvocationType getInvocationType() {
        // onClosed only flips flags and interrupts a thread: safe to run on the selector's own thread
        return InvocationType.NON_BLOCKING;
    }
}
