package com.mangahub.sync.notify.coap;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The machine's own ceiling for a CoAP fan-out's network work, measured in the same run as ours: one plain
 * {@link DatagramChannel} sends {@code messages} confirmable-sized datagrams (a CoAP CON header, a message id, the
 * size of a real NEW_CHAPTER notification) round-robin to {@code sockets} receiving sockets and reads their 4-byte
 * ACKs; a receiver thread answers every datagram with an ACK carrying its message id, as a CoAP client does. No
 * parsing, no observe state, no database: only the system calls and the loopback. Like ours it keeps a window of
 * unacknowledged datagrams (an unbounded burst overflows the socket buffers and then waits for a timeout) and
 * resends what is still unacknowledged after {@link #RESEND_AFTER}; the resends are counted (loopback: 0).
 */
final class UdpCeiling implements AutoCloseable {
    static final Duration RESEND_AFTER = Duration.ofMillis(500);
    private static final int BUFFER_BYTES = 4 * 1024 * 1024;

    private final List<DatagramChannel> receivers = new ArrayList<>();
    private final InetSocketAddress[] addresses;
    private final Selector selector;
    private final Thread answering;
    private volatile boolean stopped;

    /** What one ceiling run took. */
    record Result(int messages, int sockets, int window, Duration elapsed, int resent) {
        double messagesPerSecond() {
            return messages / (elapsed.toNanos() / 1e9);
        }
    }

    UdpCeiling(int sockets) throws IOException {
        selector = Selector.open();
        for (int i = 0; i < sockets; i++) {
            DatagramChannel channel = DatagramChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
            channel.configureBlocking(false);
            channel.register(selector, SelectionKey.OP_READ);
            receivers.add(channel);
        }
        addresses = receivers.stream().map(UdpCeiling::address).toArray(InetSocketAddress[]::new);
        answering = Thread.ofPlatform().name("udp-ceiling-receivers").daemon(true).start(this::answer);
    }

    /** The receiving side: every datagram is answered by an empty ACK with its message id (bytes 2 and 3). */
    private void answer() {
        ByteBuffer in = ByteBuffer.allocate(2048);
        ByteBuffer ack = ByteBuffer.allocate(4);
        try {
            while (!stopped) {
                if (selector.select(100) == 0) continue;
                for (var it = selector.selectedKeys().iterator(); it.hasNext(); ) {
                    SelectionKey key = it.next();
                    it.remove();
                    DatagramChannel channel = (DatagramChannel) key.channel();
                    SocketAddress from;
                    while ((from = channel.receive(in.clear())) != null) {
                        ack.clear().put((byte) 0x60).put((byte) 0).put(in.get(2)).put(in.get(3)).flip();
                        channel.send(ack, from);
                    }
                }
            }
        } catch (IOException e) {
            if (!stopped) throw new IllegalStateException("ceiling receiver failed", e);
        }
    }

    /** Sends {@code messages} datagrams of {@code bytes} each with at most {@code window} unacknowledged. */
    Result run(int messages, int bytes, int window) throws IOException {
        if (window > 65_536) throw new IllegalArgumentException("message ids are 16 bits");
        try (DatagramChannel sender = DatagramChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
             Selector readable = Selector.open()) {
            sender.setOption(StandardSocketOptions.SO_RCVBUF, BUFFER_BYTES);
            sender.setOption(StandardSocketOptions.SO_SNDBUF, BUFFER_BYTES);
            sender.configureBlocking(false);
            sender.register(readable, SelectionKey.OP_READ);
            ByteBuffer out = ByteBuffer.allocateDirect(bytes);
            ByteBuffer in = ByteBuffer.allocateDirect(64);
            int[] seqOfMid = new int[65_536];
            long[] sentAt = new long[messages];
            boolean[] acked = new boolean[messages];
            int next = 0;
            int done = 0;
            int oldest = 0;
            int resent = 0;
            long start = System.nanoTime();
            while (done < messages) {
                while (next < messages && next - done < window) {
                    if (!send(sender, out, next, bytes)) break;
                    seqOfMid[next & 0xFFFF] = next;
                    sentAt[next++] = System.nanoTime();
                }
                int got = 0;
                while (sender.receive(in.clear()) != null) {
                    int seq = seqOfMid[((in.get(2) & 0xFF) << 8) | (in.get(3) & 0xFF)];
                    if (!acked[seq]) {
                        acked[seq] = true;
                        done++;
                        got++;
                    }
                }
                while (oldest < next && acked[oldest]) oldest++;
                if (got == 0 && (next == messages || next - done >= window)) {
                    readable.select(50);
                    readable.selectedKeys().clear();
                    long now = System.nanoTime();
                    for (int seq = oldest; seq < next; seq++) {
                        if (!acked[seq] && now - sentAt[seq] > RESEND_AFTER.toNanos() && send(sender, out, seq, bytes)) {
                            sentAt[seq] = now;
                            resent++;
                        }
                    }
                }
            }
            return new Result(messages, receivers.size(), window, Duration.ofNanos(System.nanoTime() - start), resent);
        }
    }

    /** One CON datagram (version 1, token length 0, code 2.05) for message {@code seq}; false when the buffer is full. */
    private boolean send(DatagramChannel sender, ByteBuffer out, int seq, int bytes) throws IOException {
        out.clear().put((byte) 0x40).put((byte) 0x45).put((byte) (seq >>> 8)).put((byte) seq);
        while (out.position() < bytes) out.put((byte) 'x');
        out.flip();
        return sender.send(out, addresses[seq % addresses.length]) > 0;
    }

    private static InetSocketAddress address(DatagramChannel channel) {
        try {
            return (InetSocketAddress) channel.getLocalAddress();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() throws IOException {
        stopped = true;
        selector.wakeup();
        try {
            answering.join(Duration.ofSeconds(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        selector.close();
        for (DatagramChannel c : receivers) c.close();
    }

    static String describe(List<Result> results) {
        return Arrays.toString(results.stream().mapToLong(r -> r.elapsed().toMillis()).toArray());
    }
}
