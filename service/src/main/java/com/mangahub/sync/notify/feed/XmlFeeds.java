package com.mangahub.sync.notify.feed;

import com.rometools.rome.feed.WireFeed;
import com.rometools.rome.feed.atom.Category;
import com.rometools.rome.feed.atom.Content;
import com.rometools.rome.feed.atom.Entry;
import com.rometools.rome.feed.atom.Feed;
import com.rometools.rome.feed.atom.Link;
import com.rometools.rome.feed.atom.Person;
import com.rometools.rome.feed.rss.Channel;
import com.rometools.rome.feed.rss.Description;
import com.rometools.rome.feed.rss.Guid;
import com.rometools.rome.feed.rss.Item;
import com.rometools.rome.feed.synd.SyndPerson;
import com.rometools.rome.io.FeedException;
import com.rometools.rome.io.WireFeedOutput;
import org.jdom2.output.Format;
import org.jdom2.output.XMLOutputter;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;

/**
 * Atom 1.0 and RSS 2.0 through ROME. Every value is text: Atom's title, summary and content are {@code type="text"},
 * which a feed reader shows as it is; RSS has no such type and readers render its description as HTML, so there the
 * text is HTML-escaped first (and then XML-escaped by JDOM, like everything else). Characters XML 1.0 cannot hold
 * (controls, lone surrogates, U+FFFE) are dropped: JDOM refuses them, and a title from MangaDex may carry any.
 */
final class XmlFeeds {
    private XmlFeeds() {}

    static String atom(FeedInfo info, List<FeedItem> items) {
        Feed feed = new Feed("atom_1.0");
        feed.setId(info.id());
        feed.setTitleEx(text(info.title()));
        feed.setSubtitle(text(info.description()));
        feed.setUpdated(Date.from(info.updated()));
        feed.setAuthors(List.of(person(FeedInfo.AUTHOR)));
        List<Link> links = new ArrayList<>();
        if (info.selfUrl() != null) links.add(link("self", info.selfUrl(), "application/atom+xml"));
        if (info.homeUrl() != null) links.add(link("alternate", info.homeUrl(), "text/html"));
        feed.setAlternateLinks(links.stream().filter(l -> l.getRel().equals("alternate")).toList());
        feed.setOtherLinks(links.stream().filter(l -> !l.getRel().equals("alternate")).toList());
        List<Entry> entries = new ArrayList<>();
        for (FeedItem item : items) {
            Entry entry = new Entry();
            entry.setId(item.id());
            entry.setTitleEx(text(item.title()));
            entry.setUpdated(Date.from(item.updated()));
            entry.setPublished(Date.from(item.updated()));
            if (item.link() != null) entry.setAlternateLinks(List.of(link("alternate", item.link().toString(), null)));
            if (!item.groups().isEmpty()) entry.setAuthors(item.groups().stream().map(XmlFeeds::person).toList());
            entry.setCategories(item.tags().stream().map(XmlFeeds::category).toList());
            entry.setSummary(text(item.text()));
            entries.add(entry);
        }
        feed.setEntries(entries);
        return write(feed);
    }

    static String rss(FeedInfo info, List<FeedItem> items) {
        Channel channel = new Channel("rss_2.0");
        channel.setTitle(clean(info.title()));
        channel.setDescription(clean(info.description()));
        channel.setLink(info.homeUrl() == null ? FeedItems.MANGADEX_SITE : clean(info.homeUrl()));
        channel.setLastBuildDate(Date.from(info.updated()));
        channel.setPubDate(Date.from(info.updated()));
        channel.setGenerator(FeedInfo.AUTHOR);
        List<Item> out = new ArrayList<>();
        for (FeedItem item : items) {
            Item rss = new Item();
            rss.setTitle(clean(item.title()));
            if (item.link() != null) rss.setLink(clean(item.link().toString()));
            Guid guid = new Guid();
            guid.setPermaLink(false);
            guid.setValue(item.id());
            rss.setGuid(guid);
            rss.setPubDate(Date.from(item.updated()));
            if (!item.groups().isEmpty()) rss.setAuthor(clean(String.join(", ", item.groups())));
            rss.setCategories(item.tags().stream().map(tag -> {
                com.rometools.rome.feed.rss.Category c = new com.rometools.rome.feed.rss.Category();
                c.setValue(clean(tag));
                return c;
            }).toList());
            Description description = new Description();
            description.setType("text/html");
            description.setValue(html(item.text()));
            rss.setDescription(description);
            out.add(rss);
        }
        channel.setItems(out);
        return write(channel);
    }

    /**
     * Raw output: ROME's compact format would normalize whitespace inside text and join a summary's lines into one;
     * a document without pretty-printing still has no whitespace of its own between elements.
     */
    private static String write(WireFeed feed) {
        try {
            return new XMLOutputter(Format.getRawFormat().setEncoding("UTF-8")).outputString(new WireFeedOutput().outputJDom(feed));
        } catch (FeedException e) {
            throw new IllegalStateException("cannot write the " + feed.getFeedType() + " feed", e);
        }
    }

    private static Content text(String value) {
        Content content = new Content();
        content.setType(Content.TEXT);
        content.setValue(clean(value));
        return content;
    }

    private static SyndPerson person(String name) {
        Person person = new Person();
        person.setName(clean(name));
        return person;
    }

    private static Category category(String term) {
        Category category = new Category();
        category.setTerm(clean(term));
        return category;
    }

    private static Link link(String rel, String href, String type) {
        Link link = new Link();
        link.setRel(rel);
        link.setHref(clean(href));
        if (type != null) link.setType(type);
        return link;
    }

    /** Text as HTML that shows exactly that text: what a reader rendering RSS descriptions as HTML must get. */
    static String html(String text) {
        return com.mangahub.sync.web.HtmlText.escape(clean(text)).replace("\n", "<br>");
    }

    /** The text without the characters XML 1.0 cannot hold (it allows tab, LF, CR and U+0020 up, surrogate pairs). */
    static String clean(String text) {
        if (text == null) return "";
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().forEach(cp -> {
            boolean allowed = cp == 0x9 || cp == 0xA || cp == 0xD || (cp >= 0x20 && cp <= 0xD7FF)
                    || (cp >= 0xE000 && cp <= 0xFFFD) || (cp >= 0x10000 && cp <= 0x10FFFF);
            if (allowed) out.appendCodePoint(cp);
        });
        return out.toString();
    }
}
