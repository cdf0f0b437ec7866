package com.mangahub.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mangahub.sync.support.HeadlessChromium;
import com.mangahub.sync.web.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The web app is installable (manifest, icons, a service worker with scope /) and its service worker shows a Web Push
 * as a notification with the series and chapter. Chromium's own subscribe goes through Google's push service, which
 * a test cannot reach, so the push is handed to the worker over DevTools (ServiceWorker.deliverPushMessage) with the
 * payload our server encrypts ({@code WebPushTest} checks that part against a push service).
 */
class WebPushAppTest {
    private static final ObjectMapper JSON = App.jsonMapper();

    @Test
    void theInstalledServiceWorkerShowsAPushAsANotificationWithTheSeriesAndChapterAndItsLink() throws Exception {
        try (HttpServer web = new HttpServer(JSON, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), List.of(), List.of())
                .start("127.0.0.1", 0);
             HeadlessChromium browser = HeadlessChromium.start()) {
            String origin = "http://127.0.0.1:" + web.port();
            browser.navigate(origin + "/");
            String registration = browser.serviceWorkerRegistration(origin + "/");
            await().atMost(Duration.ofSeconds(30)).until(() -> browser.eval(
                    "navigator.serviceWorker.ready.then(r => !!r.active)").asBoolean());
            JsonNode manifest = browser.eval("fetch(document.querySelector('link[rel=manifest]').href).then(r => r.json())");
            assertThat(manifest.get("display").asText()).isEqualTo("standalone");
            assertThat(manifest.get("icons").findValuesAsText("sizes")).contains("192x192", "512x512");
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThat(browser.installabilityErrors()).as("installable").isEmpty());

            browser.grantNotifications(origin);
            String push = "{\"title\":\"Frieren: chapter 42\",\"body\":"
                    + "\"Vol. 5, Ch. 42 “Departure” · Team Aura · en\",\"url\":\"https://mangadex.org/chapter/"
                    + "8c3f5d0e-0000-4000-8000-000000000042\",\"tag\":\"notification-7\"}";
            String shown = "navigator.serviceWorker.ready.then(r => r.getNotifications()).then(ns => ns.map(n => "
                    + "({title: n.title, body: n.body, url: n.data && n.data.url, tag: n.tag})))";
            // DevTools' hand-over can be lost while a loaded machine is still starting the worker: handed again
            // (the tag makes a second showing replace the first), as a push service retries an unacknowledged push
            boolean seen = false;
            for (int delivery = 1; delivery <= 3 && !seen; delivery++) {
                browser.deliverPushMessage(origin, registration, push);
                try {
                    await().atMost(Duration.ofSeconds(10)).until(() -> browser.eval(shown).size() == 1);
                    seen = true;
                } catch (org.awaitility.core.ConditionTimeoutException notYet) {
                    System.out.println("push " + delivery + " not shown within 10 s; handing it over again");
                }
            }
            assertThat(seen).as("the push shown as a notification").isTrue();
            JsonNode notification = browser.eval(shown).get(0);
            assertThat(notification.get("title").asText()).isEqualTo("Frieren: chapter 42");
            assertThat(notification.get("body").asText()).isEqualTo("Vol. 5, Ch. 42 “Departure” · Team Aura · en");
            assertThat(notification.get("url").asText()).isEqualTo("https://mangadex.org/chapter/8c3f5d0e-0000-4000-8000-000000000042");
            assertThat(notification.get("tag").asText()).isEqualTo("notification-7");
        }
    }
}
