package com.mangahub.sync.notify.channel;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Where a channel may send: http(s) URLs whose host resolves only to public addresses. A reader's URL must not turn
 * the service into a probe of the operator's network (loopback, private, link-local, CGNAT, unique-local, the cloud
 * metadata address), so every address the name resolves to must be public unless the operator names the host or
 * the address in {@code MANGAHUB_ALLOW_PRIVATE_TARGETS}. Checked at creation and again before every send, and the
 * send connects to the address checked here (see {@link ChannelHttp}), so a name that resolves elsewhere later (DNS
 * rebinding) gains nothing.
 */
public final class TargetGuard {
    private final Set<String> allowed;

    /** @param allowed host names or address literals the operator allows although they are not public */
    public TargetGuard(List<String> allowed) {
        this.allowed = allowed.stream().map(s -> s.strip().toLowerCase(Locale.ROOT)).filter(s -> !s.isEmpty())
                .collect(Collectors.toUnmodifiableSet());
    }

    /** A target that passed: its URL and the one address to connect to. */
    public record Checked(URI uri, InetAddress address) {}

    /** Why a target was refused, in words a reader can act on. */
    public static final class Refused extends RuntimeException {
        public Refused(String message) {
            super(message);
        }
    }

    /** A syntactically acceptable URL (http or https, a host, no credentials in it), or {@link Refused}. */
    public static URI parse(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (java.net.URISyntaxException e) {
            throw new Refused("not a valid URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) throw new Refused("only http and https URLs are allowed");
        if (uri.getHost() == null || uri.getHost().isBlank()) throw new Refused("the URL has no host");
        if (uri.getRawUserInfo() != null) throw new Refused("credentials in the URL are not allowed");
        if (uri.getRawFragment() != null) throw new Refused("a fragment in the URL is not allowed");
        return uri;
    }

    /** Resolves the URL's host now and checks every address it has; the first one is the one to connect to. */
    public Checked check(String url) {
        URI uri = parse(url);
        String host = bareHost(uri);
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(host);
        } catch (UnknownHostException e) {
            throw new Refused("the host " + host + " does not resolve");
        }
        boolean hostAllowed = allowed.contains(host.toLowerCase(Locale.ROOT));
        for (InetAddress a : addresses) {
            if (!hostAllowed && !isPublic(a) && !allowed.contains(a.getHostAddress().toLowerCase(Locale.ROOT))) {
                throw new Refused("the host " + host + " resolves to a non-public address (" + a.getHostAddress()
                        + "); the operator may allow it with MANGAHUB_ALLOW_PRIVATE_TARGETS");
            }
        }
        return new Checked(uri, addresses[0]);
    }

    /** The host without the brackets of an IPv6 literal. */
    static String bareHost(URI uri) {
        String host = uri.getHost();
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    /** False for every range that is not the public internet. */
    static boolean isPublic(InetAddress a) {
        if (a.isAnyLocalAddress() || a.isLoopbackAddress() || a.isLinkLocalAddress() || a.isSiteLocalAddress()
                || a.isMulticastAddress()) return false;
        byte[] b = a.getAddress();
        if (a instanceof Inet4Address) return isPublicV4(b);
        if (a instanceof Inet6Address) {
            if ((b[0] & 0xfe) == 0xfc) return false;                          // fc00::/7 unique local
            if ((b[0] & 0xff) == 0xfe && (b[1] & 0xc0) == 0xc0) return false; // fec0::/10 old site local
            if (isMappedOrCompatibleV4(b)) return isPublicV4(new byte[] {b[12], b[13], b[14], b[15]});
            if ((b[0] & 0xff) == 0x20 && (b[1] & 0xff) == 0x01 && b[2] == 0x0d && (b[3] & 0xff) == 0xb8) return false;
            if ((b[0] & 0xff) == 0x00 && (b[1] & 0xff) == 0x64 && (b[2] & 0xff) == 0xff && (b[3] & 0xff) == 0x9b) {
                return isPublicV4(new byte[] {b[12], b[13], b[14], b[15]}); // 64:ff9b::/96 NAT64
            }
            return true;
        }
        return false;
    }

    private static boolean isMappedOrCompatibleV4(byte[] b) {
        for (int i = 0; i < 10; i++) if (b[i] != 0) return false;
        return (b[10] == (byte) 0xff && b[11] == (byte) 0xff) || (b[10] == 0 && b[11] == 0);
    }

    private static boolean isPublicV4(byte[] b) {
        int o0 = b[0] & 0xff, o1 = b[1] & 0xff;
        if (o0 == 0 || o0 == 10 || o0 == 127 || o0 >= 224) return false;     // this network, private, loopback, multicast+
        if (o0 == 100 && o1 >= 64 && o1 <= 127) return false;                // 100.64/10 CGNAT
        if (o0 == 169 && o1 == 254) return false;                            // link local, 169.254.169.254 metadata
        if (o0 == 172 && o1 >= 16 && o1 <= 31) return false;
        if (o0 == 192 && o1 == 168) return false;
        if (o0 == 192 && o1 == 0 && (b[2] & 0xff) == 0) return false;        // 192.0.0/24 protocol assignments
        if (o0 == 198 && (o1 == 18 || o1 == 19)) return false;               // benchmarking
        return true;
    }
}
