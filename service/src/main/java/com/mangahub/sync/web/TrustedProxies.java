package com.mangahub.sync.web;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.ForwardedRequestCustomizer;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.Request;

/**
 * The reverse proxies whose {@code X-Forwarded-Proto}, {@code -Host}, {@code -Port}, {@code -For} (and
 * {@code Forwarded}) headers are believed: from one of these addresses the request takes the scheme, host and client
 * address the proxy saw (so the session cookie is {@code Secure} behind an HTTPS proxy, the origin check compares the
 * address readers typed, and per-address limits count readers, not the proxy); from anywhere else those headers are
 * ignored, so nobody can claim to have come over HTTPS or from another address by sending them.
 */
public final class TrustedProxies implements HttpConfiguration.Customizer {
    public static final TrustedProxies NONE = new TrustedProxies(Set.of());

    private final Set<InetAddress> proxies;
    private final ForwardedRequestCustomizer forwarded = new ForwardedRequestCustomizer();

    private TrustedProxies(Set<InetAddress> proxies) {
        this.proxies = proxies;
    }

    /** From literal addresses (IPv4 or IPv6, as {@code MANGAHUB_TRUSTED_PROXIES} lists them); a name is refused. */
    public static TrustedProxies of(List<String> addresses) {
        return new TrustedProxies(addresses.stream().map(TrustedProxies::literal).collect(Collectors.toUnmodifiableSet()));
    }

    static InetAddress literal(String address) {
        if (!address.matches("[0-9a-fA-F:.]+")) throw new IllegalArgumentException("not an IP address: " + address);
        try {
            return InetAddress.getByName(address);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an IP address: " + address, e);
        }
    }

    @Override
    public void customize(Connector connector, HttpConfiguration configuration, Request request) {
        if (proxies.isEmpty()) return;
        // the connection's own peer, before anything forwarded is applied
        if (request.getHttpChannel().getRemoteAddress() instanceof InetSocketAddress peer
                && proxies.contains(peer.getAddress())) {
            forwarded.customize(connector, configuration, request);
        }
    }
}
