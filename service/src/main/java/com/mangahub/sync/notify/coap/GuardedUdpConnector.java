package com.mangahub.sync.notify.coap;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.InetSocketAddress;
import java.util.Arrays;
import org.eclipse.californium.core.network.serialization.UdpDataParser;
import org.eclipse.californium.elements.RawData;
import org.eclipse.californium.elements.UDPConnector;
import org.eclipse.californium.elements.config.Configuration;

/**
 * Californium's UDP connector with the edge's defences in front: oversized, malformed and over-rate datagrams are
 * dropped (and counted) before any parsing state is created, and nothing leaves toward an unauthenticated address
 * beyond the bytes it sent (no amplification, whatever a bug above might answer).
 */
final class GuardedUdpConnector extends UDPConnector {
    private final SourceGuard guard;
    private final UdpDataParser parser = new UdpDataParser();

    GuardedUdpConnector(InetSocketAddress bind, Configuration config, SourceGuard guard) {
        super(bind, config);
        this.guard = guard;
    }

    @Override
    public void processDatagram(DatagramPacket packet) {
        InetSocketAddress source = (InetSocketAddress) packet.getSocketAddress();
        String reason = guard.screenInbound(source, packet.getLength());
        if (reason == null && !wellFormed(packet)) reason = "malformed";
        if (reason != null) {
            guard.dropped(reason);
            return;
        }
        super.processDatagram(packet);
    }

    private boolean wellFormed(DatagramPacket packet) {
        try {
            parser.parseMessage(Arrays.copyOfRange(packet.getData(), packet.getOffset(),
                    packet.getOffset() + packet.getLength()));
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    @Override
    public void send(RawData message) {
        if (!guard.admitOutbound(message.getInetSocketAddress(), message.getSize())) {
            guard.dropped("amplification");
            message.onError(new IOException("not sent: " + message.getInetSocketAddress() + " never authenticated"));
            return;
        }
        super.send(message);
    }
}
