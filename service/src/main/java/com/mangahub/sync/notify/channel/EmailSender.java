package com.mangahub.sync.notify.channel;

import com.mangahub.sync.config.Config;
import jakarta.mail.Authenticator;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.PasswordAuthentication;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Date;
import java.util.Optional;
import java.util.Properties;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;

/**
 * Sends mail through the operator's SMTP server (Jakarta Mail): multipart/alternative with a plain-text and an HTML
 * part, our own Message-ID (stable per notification and channel, so a repeat after a crash can be dropped), timeouts
 * on connect, read and write. STARTTLS is required when configured (never a silent fall back to plain text), and the
 * server's certificate must name its host. Outcomes: 250 delivered; a permanent refusal of the recipient (5xx on
 * RCPT) pauses the channel; everything else (connection refused, 4xx, timeouts) is retried.
 */
public final class EmailSender {
    private final Session session;
    private final InternetAddress from;
    private final String domain;
    private final String host;

    public EmailSender(Config.Smtp smtp, Duration connectTimeout, Duration readTimeout) {
        this.host = smtp.host();
        try {
            this.from = new InternetAddress(smtp.from(), true);
        } catch (AddressException e) {
            throw new IllegalArgumentException("MANGAHUB_SMTP_FROM is not an email address: " + e.getMessage(), e);
        }
        String address = from.getAddress();
        this.domain = address.substring(address.indexOf('@') + 1);
        Properties p = new Properties();
        p.put("mail.smtp.host", smtp.host());
        p.put("mail.smtp.port", Integer.toString(smtp.port()));
        p.put("mail.smtp.connectiontimeout", Long.toString(connectTimeout.toMillis()));
        p.put("mail.smtp.timeout", Long.toString(readTimeout.toMillis()));
        p.put("mail.smtp.writetimeout", Long.toString(readTimeout.toMillis()));
        p.put("mail.smtp.from", address);
        switch (smtp.security()) {
            case STARTTLS -> {
                p.put("mail.smtp.starttls.enable", "true");
                p.put("mail.smtp.starttls.required", "true");
                p.put("mail.smtp.ssl.checkserveridentity", "true");
            }
            case TLS -> {
                p.put("mail.smtp.ssl.enable", "true");
                p.put("mail.smtp.ssl.checkserveridentity", "true");
            }
            case NONE -> { }
        }
        Authenticator auth = null;
        if (smtp.username().isPresent()) {
            p.put("mail.smtp.auth", "true");
            String user = smtp.username().get();
            String password = smtp.password().map(s -> s.value()).orElse("");
            auth = new Authenticator() {
                @Override
                protected PasswordAuthentication getPasswordAuthentication() {
                    return new PasswordAuthentication(user, password);
                }
            };
        }
        this.session = Session.getInstance(p, auth);
    }

    /** The SMTP server's host: every email channel's host, so the per-host limit bounds our connections to it. */
    public String host() {
        return host;
    }

    /** A Message-ID in our sender's domain, e.g. {@code <notification-12.channel-3@example.org>}. */
    public String messageId(String local) {
        return "<" + local + "@" + domain + ">";
    }

    public Outcome send(String to, EmailContent content, String messageId, java.time.Instant date) {
        try {
            MimeMessage message = new FixedIdMessage(session, messageId);
            message.setFrom(from);
            message.setRecipient(Message.RecipientType.TO, new InternetAddress(to, true));
            message.setSubject(content.subject(), StandardCharsets.UTF_8.name());
            message.setSentDate(Date.from(date));
            MimeBodyPart text = new MimeBodyPart();
            text.setText(content.text(), StandardCharsets.UTF_8.name(), "plain");
            MimeBodyPart html = new MimeBodyPart();
            html.setText(content.html(), StandardCharsets.UTF_8.name(), "html");
            // multipart/alternative: the last part is the preferred one, so HTML after text
            MimeMultipart alternative = new MimeMultipart("alternative", text, html);
            message.setContent(alternative);
            message.saveChanges();
            Transport.send(message);
            return new Outcome.Delivered(250, Optional.empty());
        } catch (SMTPAddressFailedException e) {
            if (e.getReturnCode() >= 500) {
                return new Outcome.Gone(0, "the mail server refuses the address (" + e.getReturnCode() + "): " + oneLine(e));
            }
            return new Outcome.Retry(0, "the mail server deferred the address (" + e.getReturnCode() + "): " + oneLine(e),
                    Optional.empty());
        } catch (SendFailedException e) {
            Exception next = e.getNextException();
            if (next instanceof SMTPAddressFailedException failed && failed.getReturnCode() >= 500) {
                return new Outcome.Gone(0, "the mail server refuses the address (" + failed.getReturnCode() + "): " + oneLine(failed));
            }
            String code = e instanceof SMTPSendFailedException s ? " (" + s.getReturnCode() + ")" : "";
            return new Outcome.Retry(0, "the mail server did not take the mail" + code + ": " + oneLine(e), Optional.empty());
        } catch (MessagingException e) {
            return new Outcome.Retry(0, "no answer from the mail server: " + oneLine(e), Optional.empty());
        }
    }

    private static String oneLine(Exception e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        Throwable cause = e.getCause();
        if (cause != null && cause.getMessage() != null) m += " (" + cause.getClass().getSimpleName() + ": " + cause.getMessage() + ")";
        m = m.replaceAll("\\s+", " ").strip();
        return m.length() > 300 ? m.substring(0, 300) : m;
    }

    /** Jakarta Mail writes a random Message-ID on saveChanges; ours must stay the same across repeats. */
    private static final class FixedIdMessage extends MimeMessage {
        private final String id;

        FixedIdMessage(Session session, String id) {
            super(session);
            this.id = id;
        }

        @Override
        protected void updateMessageID() throws MessagingException {
            setHeader("Message-ID", id);
        }
    }
}
