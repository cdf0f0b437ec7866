package com.mangahub.sync.notify.channel;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.mangahub.sync.config.Config;
import jakarta.mail.BodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.util.List;
import java.util.Optional;

/**
 * A real SMTP server in the test's JVM (GreenMail) on a free loopback port, which can be stopped (connections
 * refused) and started again on the same port; what it received is read back as the parts a mail client shows.
 */
final class MailServer implements AutoCloseable {
    private GreenMail mail;
    private final int port;

    MailServer() {
        mail = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort());
        mail.start();
        port = mail.getSmtp().getPort();
    }

    /** How the service reaches it: plain SMTP on loopback, no credentials. */
    Config.Smtp smtp() {
        return new Config.Smtp("127.0.0.1", port, Config.SmtpSecurity.NONE, Optional.empty(), Optional.empty(),
                "MangaHub Sync <mangahub@example.org>");
    }

    void stop() {
        mail.stop();
    }

    void restart() {
        mail = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        mail.start();
    }

    /** Waits (at most 10 s) until {@code count} mails have arrived in all, then answers them all. */
    List<Mail> received(int count) {
        if (!mail.waitForIncomingEmail(10_000, count)) {
            throw new AssertionError("expected " + count + " mails, got " + mail.getReceivedMessages().length);
        }
        return List.of(mail.getReceivedMessages()).stream().map(Mail::of).toList();
    }

    /** The mails received so far, without waiting. */
    int count() {
        return mail.getReceivedMessages().length;
    }

    @Override
    public void close() {
        mail.stop();
    }

    /** One received mail: headers and the two parts of its multipart/alternative body. */
    record Mail(String subject, List<String> to, String messageId, String contentType, String text, String html,
                String textType, String htmlType) {
        static Mail of(MimeMessage m) {
            try {
                MimeMultipart body = (MimeMultipart) m.getContent();
                if (body.getCount() != 2) throw new AssertionError("expected 2 parts, got " + body.getCount());
                BodyPart text = body.getBodyPart(0);
                BodyPart html = body.getBodyPart(1);
                return new Mail(m.getSubject(), List.of(m.getHeader("To")), m.getMessageID(), m.getContentType(),
                        (String) text.getContent(), (String) html.getContent(), text.getContentType(), html.getContentType());
            } catch (Exception e) {
                throw new AssertionError("unreadable mail", e);
            }
        }
    }
}
