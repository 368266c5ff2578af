package fr.caducee.server.storage.mailbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;

import org.apache.james.mailbox.model.Content;
import org.apache.james.mailbox.model.Header;
import org.junit.jupiter.api.Test;

import fr.caducee.server.storage.mailbox.EncapsulatedMessageParts.Section;

/** The messages are those of imaptest's fetch-body-message-rfc822 tests, whose answers Dovecot gives. */
class EncapsulatedMessagePartsTest {
    static final String SUBMESSAGE = "From: sub@domain.org\r\nDate: Sun, 12 Aug 2012 12:34:56 +0300\r\n"
        + "Subject: submsg\r\n\r\nHello world\r\n";
    static final String FORWARDED = "From: user@domain.org\r\nDate: Sat, 24 Mar 2007 23:00:00 +0200\r\n"
        + "Mime-Version: 1.0\r\nContent-Type: message/rfc822\r\n\r\n" + SUBMESSAGE;
    static final String FORWARDED_TWICE = "From: user@domain.org\r\nDate: Sat, 24 Mar 2007 23:00:00 +0200\r\n"
        + "Mime-Version: 1.0\r\nContent-Type: message/rfc822\r\n\r\n"
        + "From: user2@domain.org\r\nDate: Fri, 23 Mar 2007 11:22:33 +0200\r\n"
        + "Mime-Version: 1.0\r\nContent-Type: message/rfc822\r\n\r\n" + SUBMESSAGE;
    static final String FORWARDED_DIGEST = "From: user@domain.org\r\nDate: Sat, 24 Mar 2007 23:00:00 +0200\r\n"
        + "Mime-Version: 1.0\r\nContent-Type: message/rfc822\r\n\r\n"
        + "From: sub@domain.org\r\nSubject: submsg\r\nContent-Type: multipart/digest; boundary=\"foo\"\r\n\r\n"
        + "prologue\r\n\r\n--foo \r\n\r\nFrom: m1@example.com\r\nSubject: m1\r\n\r\nm1 body\r\n\r\n"
        + "--foo \r\nX-Mime: m2 header\r\n\r\nFrom: m2@example.com\r\nSubject: m2\r\n\r\nm2 body\r\n\r\n"
        + "--foo--\r\n\r\nepilogue\r\n";

    private static String content(String message, Section section, int... path) throws Exception {
        Content content = EncapsulatedMessageParts.content(message.getBytes(StandardCharsets.US_ASCII), path, section);
        try (InputStream in = content.getInputStream()) {
            String text = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
            assertThat(content.size()).isEqualTo(text.length());
            return text;
        }
    }

    private static String headers(String message, Section section, int... path) throws Exception {
        List<Header> headers = EncapsulatedMessageParts.headers(message.getBytes(StandardCharsets.US_ASCII), path,
            section);
        return headers.stream().map(header -> header.getName() + ": " + header.getValue() + "\r\n")
            .collect(Collectors.joining());
    }

    @Test
    void aMessageIsEncapsulatingOnlyWhenItsOwnTypeIsMessageRfc822() throws Exception {
        assertThat(EncapsulatedMessageParts.isEncapsulating(stream(FORWARDED))).isTrue();
        assertThat(EncapsulatedMessageParts.isEncapsulating(stream(SUBMESSAGE))).isFalse();
        assertThat(EncapsulatedMessageParts.isEncapsulating(stream("Content-Type: multipart/mixed; boundary=B\r\n\r\n"
            + "--B\r\nContent-Type: message/rfc822\r\n\r\n" + SUBMESSAGE + "--B--\r\n"))).isFalse();
    }

    @Test
    void partOneIsTheWholeEncapsulatedMessageAndItsHeaderAndTextAreItsOwn() throws Exception {
        assertThat(content(FORWARDED, Section.CONTENT, 1)).isEqualTo(SUBMESSAGE);
        assertThat(headers(FORWARDED, Section.HEADER, 1))
            .isEqualTo("From: sub@domain.org\r\nDate: Sun, 12 Aug 2012 12:34:56 +0300\r\nSubject: submsg\r\n");
        assertThat(content(FORWARDED, Section.TEXT, 1)).isEqualTo("Hello world\r\n");
        assertThat(content(FORWARDED, Section.CONTENT, 1, 1)).isEqualTo("Hello world\r\n");
        assertThat(headers(FORWARDED, Section.MIME, 1)).contains("Content-Type: message/rfc822\r\n");
    }

    @Test
    void aMessageForwardedTwiceIsNumberedDownEachLevel() throws Exception {
        assertThat(content(FORWARDED_TWICE, Section.CONTENT, 1)).startsWith("From: user2@domain.org\r\n")
            .endsWith(SUBMESSAGE);
        assertThat(headers(FORWARDED_TWICE, Section.HEADER, 1)).startsWith("From: user2@domain.org\r\n")
            .endsWith("Content-Type: message/rfc822\r\n");
        assertThat(content(FORWARDED_TWICE, Section.TEXT, 1)).isEqualTo(SUBMESSAGE);
        assertThat(content(FORWARDED_TWICE, Section.CONTENT, 1, 1)).isEqualTo(SUBMESSAGE);
        assertThat(content(FORWARDED_TWICE, Section.CONTENT, 1, 1, 1)).isEqualTo("Hello world\r\n");
        assertThat(headers(FORWARDED_TWICE, Section.HEADER, 1, 1)).startsWith("From: sub@domain.org\r\n")
            .endsWith("Subject: submsg\r\n");
        assertThat(content(FORWARDED_TWICE, Section.TEXT, 1, 1)).isEqualTo("Hello world\r\n");
    }

    @Test
    void theEncapsulatedMessagesOwnPartsAreNumberedAsIfItStoodAlone() throws Exception {
        assertThat(content(FORWARDED_DIGEST, Section.TEXT, 1)).startsWith("prologue\r\n").contains("--foo--");
        assertThat(content(FORWARDED_DIGEST, Section.CONTENT, 1, 1))
            .isEqualTo("From: m1@example.com\r\nSubject: m1\r\n\r\nm1 body\r\n");
        assertThat(headers(FORWARDED_DIGEST, Section.MIME, 1, 1)).isEmpty();
        assertThat(headers(FORWARDED_DIGEST, Section.HEADER, 1, 1))
            .isEqualTo("From: m1@example.com\r\nSubject: m1\r\n");
        assertThat(content(FORWARDED_DIGEST, Section.TEXT, 1, 1)).isEqualTo("m1 body\r\n");
        assertThat(headers(FORWARDED_DIGEST, Section.MIME, 1, 2)).isEqualTo("X-Mime: m2 header\r\n");
        assertThat(content(FORWARDED_DIGEST, Section.TEXT, 1, 2)).isEqualTo("m2 body\r\n");
    }

    @Test
    void aPartThatDoesNotExistReadsAsEmpty() throws Exception {
        assertThat(content(FORWARDED, Section.CONTENT, 1, 2)).isEmpty();
        assertThat(content(SUBMESSAGE, Section.CONTENT, 3)).isEmpty();
    }

    private static InputStream stream(String message) {
        return new ByteArrayInputStream(message.getBytes(StandardCharsets.US_ASCII));
    }
}
