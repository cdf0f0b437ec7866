package com.mangahub.sync.notify.channel;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.mangahub.sync.json.JsonText;
import java.net.URI;
import java.util.Map;

/**
 * The hosted services' requests, each as its API documents it:
 * <ul>
 *   <li>telegram: {@code sendMessage} in HTML parse mode (everything from MangaDex escaped) with an inline "Read"
 *   button, or {@code sendPhoto} with the cover as the photo and the same text as its caption when the cover has a
 *   public URL (Telegram fetches it itself); the bot token is in the path, so this URI is never logged;</li>
 *   <li>pushover: {@code /1/messages.json} with title (≤ 250), message (≤ 1024), url (≤ 512), url_title and priority;
 *   priority 2 (emergency) needs retry and expire;</li>
 *   <li>apprise: {@code /notify} with the reader's URLs, or {@code /notify/{key}}: title, body, type, format.</li>
 * </ul>
 */
final class HostedRequests {
    static final int TELEGRAM_TEXT = 4096;
    static final int TELEGRAM_CAPTION = 1024;
    private static final Map<String, String> JSON_TYPE = Map.of("content-type", "application/json");
    private final ObjectMapper json;

    HostedRequests(ObjectMapper json) {
        this.json = json;
    }

    ChannelRequest build(ChannelKind kind, ChannelSettings s, String secret, ChannelMessage m) {
        return switch (kind) {
            case TELEGRAM -> telegram(s, secret, m);
            case PUSHOVER -> pushover(s, secret, m);
            case APPRISE -> apprise(s, secret, m);
            default -> throw new IllegalStateException(kind + " is no hosted kind");
        };
    }

    private ChannelRequest telegram(ChannelSettings s, String token, ChannelMessage m) {
        boolean photo = m.thumbnail() != null;
        ObjectNode body = json.createObjectNode();
        body.put("chat_id", s.chat());
        body.put("parse_mode", "HTML");
        String html = telegramHtml(m, photo ? TELEGRAM_CAPTION : TELEGRAM_TEXT);
        if (photo) {
            body.put("photo", m.thumbnail());
            body.put("caption", html);
        } else {
            body.put("text", html);
            body.putObject("link_preview_options").put("is_disabled", true);
        }
        body.putObject("reply_markup").putArray("inline_keyboard").addArray().addObject()
                .put("text", "Read").put("url", m.link());
        URI uri = URI.create(ServiceApis.base(s.url()) + "/bot" + token + (photo ? "/sendPhoto" : "/sendMessage"));
        return new ChannelRequest(uri, JSON_TYPE, JsonText.write(json, body));
    }

    /** e.g. "<b>Frieren</b> · chapter 42\n<i>Departure</i>\nTeam Aura · en"; a batch is its headline and lines. */
    static String telegramHtml(ChannelMessage m, int max) {
        StringBuilder b = new StringBuilder();
        if (m.type().equals("NEW_CHAPTER")) {
            b.append("<b>").append(escape(m.seriesTitle())).append("</b>");
            if (m.chapter() != null) b.append(" · chapter ").append(escape(m.chapter()));
            if (m.chapterTitle() != null && !m.chapterTitle().isBlank()) b.append("\n<i>").append(escape(m.chapterTitle())).append("</i>");
            String groupsAndLanguage = String.join(" · ", java.util.stream.Stream.concat(
                    m.groups().isEmpty() ? java.util.stream.Stream.<String>empty() : java.util.stream.Stream.of(String.join(", ", m.groups())),
                    java.util.stream.Stream.ofNullable(m.language())).toList());
            if (!groupsAndLanguage.isEmpty()) b.append('\n').append(escape(groupsAndLanguage));
        } else {
            b.append("<b>").append(escape(m.headline())).append("</b>");
            if (!m.detail().equals(m.headline())) b.append('\n').append(escape(m.detail()));
        }
        return cutHtml(b.toString(), max);
    }

    private ChannelRequest pushover(ChannelSettings s, String secret, ChannelMessage m) {
        int colon = secret.indexOf(':');
        ObjectNode body = json.createObjectNode();
        body.put("token", secret.substring(0, colon));
        body.put("user", secret.substring(colon + 1));
        body.put("title", cut(m.headline(), 250));
        body.put("message", cut(m.detail(), 1024));
        if (m.link().length() <= 512) {
            body.put("url", m.link());
            body.put("url_title", m.type().equals("NEW_CHAPTER") ? "Read chapter" : "Open");
        }
        int priority = s.priority().orElse(0);
        body.put("priority", priority);
        if (priority == 2) body.put("retry", 60).put("expire", 3600);
        if (m.notificationId() > 0) body.put("timestamp", m.createdAt().getEpochSecond());
        return new ChannelRequest(URI.create(ServiceApis.base(s.url()) + "/1/messages.json"), JSON_TYPE, JsonText.write(json, body));
    }

    private ChannelRequest apprise(ChannelSettings s, String urls, ChannelMessage m) {
        ObjectNode body = json.createObjectNode();
        if (s.chat() == null) body.put("urls", urls);
        body.put("title", m.headline());
        body.put("body", m.detail() + "\n" + m.link());
        body.put("type", "info");
        body.put("format", "text");
        String path = s.chat() == null ? "/notify" : "/notify/" + s.chat();
        return new ChannelRequest(URI.create(ServiceApis.base(s.url()) + path), JSON_TYPE, JsonText.write(json, body));
    }

    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    /** Cuts at a line end so no tag or entity is split; the last line is dropped whole. */
    private static String cutHtml(String html, int max) {
        if (html.length() <= max) return html;
        int end = html.lastIndexOf('\n', max - 2);
        return (end > 0 ? html.substring(0, end) : escape("…")) + "\n…";
    }

    private static String cut(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }
}
