package com.mangahub.sync.support;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

/** libcoap's {@code coap-client} (Debian's libcoap3-bin), a CoAP implementation independent of ours, for tests. */
public final class Libcoap {
    private Libcoap() {}

    /** Debian installs the binary per TLS flavour (coap-client-notls, -openssl, -gnutls); some systems as coap-client. */
    public static Optional<String> binary() {
        return Stream.of("coap-client", "coap-client-notls", "coap-client-openssl", "coap-client-gnutls")
                .filter(name -> Stream.of(System.getenv("PATH").split(File.pathSeparator))
                        .anyMatch(dir -> new File(dir, name).canExecute()))
                .findFirst();
    }

    public static String requireBinary() {
        return binary().orElseThrow(() -> new AssertionError(
                "coap-client not found: install Debian's libcoap3-bin (apt-get install -y libcoap3-bin)"));
    }

    /** Observes {@code uri} for {@code seconds}, printing each payload as one line. */
    public static Process observe(String uri, int seconds) throws IOException {
        return new ProcessBuilder("stdbuf", "-oL", requireBinary(), "-s", Integer.toString(seconds), "-B",
                Integer.toString(seconds + 5), "-w", "-m", "get", uri).redirectErrorStream(true).start();
    }

    /** The lines of a stream as they arrive, read by a virtual thread until the stream ends. */
    public static List<String> lines(InputStream stream) {
        List<String> lines = new CopyOnWriteArrayList<>();
        Thread.ofVirtual().start(() -> {
            try (var in = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) lines.add(line);
            } catch (IOException e) {
                lines.add("closed: " + e.getMessage());
            }
        });
        return lines;
    }
}
