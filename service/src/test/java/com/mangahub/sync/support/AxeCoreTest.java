package com.mangahub.sync.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The accessibility check itself can fail: a page with known faults is reported, the same page fixed is not. */
class AxeCoreTest {

    @Test
    void aButtonWithoutANameAndAnInputWithoutALabelAreReportedAndTheirFixesAreNot() throws Exception {
        try (HeadlessChromium browser = HeadlessChromium.start()) {
            AxeCore axe = AxeCore.load();
            browser.navigate(page("<main><h1>Faulty</h1><button type=button></button><input type=text></main>"));
            assertThat(axe.seriousViolations(browser)).extracting(AxeCore.Violation::rule)
                    .contains("button-name", "label");
            browser.navigate(page("<main><h1>Fixed</h1><button type=button>Go</button>"
                    + "<label for=i>Name</label><input id=i type=text></main>"));
            assertThat(axe.seriousViolations(browser)).isEmpty();
        }
    }

    private static String page(String body) {
        return "data:text/html;charset=utf-8," + URLEncoder.encode("<!DOCTYPE html><html lang=en><head><title>t</title>"
                + "</head><body>" + body + "</body></html>", StandardCharsets.UTF_8).replace("+", "%20");
    }
}
