package com.mangahub.sync.notify.coap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.californium.core.CoapClient;
import org.eclipse.californium.core.CoapHandler;
import org.eclipse.californium.core.CoapObserveRelation;
import org.eclipse.californium.core.CoapResponse;
import org.eclipse.californium.core.config.CoapConfig;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.eclipse.californium.core.network.Endpoint;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.elements.config.UdpConfig;
import org.eclipse.californium.elements.util.DaemonThreadFactory;
import org.eclipse.californium.elements.util.ExecutorsUtil;

/**
 * A Californium observer of one user's notifications for tests: records every notification id in arrival order
 * (repeats included) and the response codes. Many observers may share one client endpoint (one socket).
 */
final class TestObserver {
    private static final ObjectMapper JSON = new ObjectMapper();

    final List<Long> ids = Collections.synchronizedList(new ArrayList<>());
    final List<String> types = Collections.synchronizedList(new ArrayList<>());
    final List<String> codes = Collections.synchronizedList(new ArrayList<>());
    /** The Max-Age of every response, the registration's first. */
    final List<Long> maxAges = Collections.synchronizedList(new ArrayList<>());
    final AtomicInteger errors = new AtomicInteger();
    /** System.nanoTime() of the latest notification with ids, and its payload's size (benchmarks read both). */
    volatile long lastArrivalNanos;
    volatile int lastPayloadBytes;
    private final CoapClient client;
    private CoapObserveRelation relation;

    TestObserver(Endpoint endpoint, String uri) {
        client = new CoapClient(uri);
        client.setEndpoint(endpoint);
        // without shared executors every CoapClient starts its own timer thread on its first notification
        client.setExecutors(DELIVERY, SECONDARY, true);
        client.setTimeout(10_000L);
    }

    TestObserver observe() {
        relation = client.observe(new CoapHandler() {
            @Override
            public void onLoad(CoapResponse response) {
                codes.add(response.getCode().toString());
                maxAges.add(response.getOptions().getMaxAge());
                if (!response.isSuccess()) return;
                try {
                    for (JsonNode n : JSON.readTree(response.getPayload())) {
                        // stamped before the id is added: whoever sees the id sees its arrival time
                        lastArrivalNanos = System.nanoTime();
                        lastPayloadBytes = response.getPayloadSize();
                        ids.add(n.path("id").asLong());
                        types.add(n.path("type").asText());
                    }
                } catch (java.io.IOException e) {
                    errors.incrementAndGet();
                }
            }

            @Override
            public void onError() {
                errors.incrementAndGet();
            }
        });
        return this;
    }

    /** Forgets the observation locally, as a client that went offline; the server learns it on the next push. */
    void goOffline() {
        relation.reactiveCancel();
        client.shutdown();
    }

    /** Stops listening without telling the server (as a client that lost its network would). */
    void goOfflineQuietly() {
        relation.reactiveCancel();
    }

    List<Long> idsSnapshot() {
        synchronized (ids) {
            return List.copyOf(ids);
        }
    }

    static Configuration clientConfig() {
        CoapConfig.register();
        UdpConfig.register();
        Configuration config = Configuration.createStandardWithoutFile();
        config.set(CoapConfig.MAX_ACTIVE_PEERS, 200_000);
        config.set(UdpConfig.UDP_RECEIVE_BUFFER_SIZE, 4 * 1024 * 1024);
        return config;
    }

    /** Shared by every test endpoint: thousands of observers must not cost thousands of threads. */
    private static final ScheduledExecutorService MAIN = ExecutorsUtil.newScheduledThreadPool(2,
            new DaemonThreadFactory("test-coap-client#"));
    /** One thread runs every client's handlers, so each observer sees its notifications in arrival order. */
    private static final ExecutorService DELIVERY = Executors.newSingleThreadExecutor(
            new DaemonThreadFactory("test-coap-handler#"));
    private static final ScheduledThreadPoolExecutor SECONDARY = ExecutorsUtil.newDefaultSecondaryScheduler("test-coap-timer#");

    static CoapEndpoint endpoint(Configuration config) {
        CoapEndpoint endpoint = new CoapEndpoint.Builder().setConfiguration(config)
                .setInetSocketAddress(new InetSocketAddress("127.0.0.1", 0)).build();
        endpoint.setExecutors(MAIN, SECONDARY);
        try {
            endpoint.start();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        return endpoint;
    }
}
