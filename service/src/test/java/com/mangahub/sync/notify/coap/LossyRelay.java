package com.mangahub.sync.notify.coap;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A UDP relay for tests that drops a share of the datagrams in both directions, decided by a seeded generator.
 * Clients send to {@link #port()}; each client address gets its own upstream socket toward the server.
 */
final class LossyRelay implements AutoCloseable {
    private final DatagramSocket front;
    private final InetSocketAddress server;
    private final double dropRate;
    private final Random random;
    private final Map<SocketAddress, DatagramSocket> upstream = new ConcurrentHashMap<>();
    final AtomicLong forwarded = new AtomicLong();
    final AtomicLong dropped = new AtomicLong();
    private volatile boolean running = true;

    LossyRelay(InetSocketAddress server, double dropRate, long seed) throws IOException {
        this.server = server;
        this.dropRate = dropRate;
        this.random = new Random(seed);
        this.front = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0));
        Thread.ofPlatform().daemon(true).name("relay-front").start(this::clientToServer);
    }

    int port() {
        return front.getLocalPort();
    }

    private boolean drop() {
        synchronized (random) {
            boolean drop = random.nextDouble() < dropRate;
            (drop ? dropped : forwarded).incrementAndGet();
            return drop;
        }
    }

    private void clientToServer() {
        byte[] buffer = new byte[65_536];
        while (running) {
            try {
                DatagramPacket p = new DatagramPacket(buffer, buffer.length);
                front.receive(p);
                if (drop()) continue;
                DatagramSocket up = upstream.computeIfAbsent(p.getSocketAddress(), this::openUpstream);
                up.send(new DatagramPacket(p.getData(), p.getOffset(), p.getLength(), server));
            } catch (IOException e) {
                if (running) throw new IllegalStateException(e);
            }
        }
    }

    private DatagramSocket openUpstream(SocketAddress client) {
        try {
            DatagramSocket up = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0));
            Thread.ofPlatform().daemon(true).name("relay-back").start(() -> serverToClient(up, client));
            return up;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private void serverToClient(DatagramSocket up, SocketAddress client) {
        byte[] buffer = new byte[65_536];
        while (running) {
            try {
                DatagramPacket p = new DatagramPacket(buffer, buffer.length);
                up.receive(p);
                if (drop()) continue;
                front.send(new DatagramPacket(p.getData(), p.getOffset(), p.getLength(), client));
            } catch (IOException e) {
                if (running) throw new IllegalStateException(e);
            }
        }
    }

    @Override
    public void close() {
        running = false;
        front.close();
        upstream.values().forEach(DatagramSocket::close);
    }
}
