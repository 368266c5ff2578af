package fr.caducee.server.imap;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.apache.james.imap.message.response.FetchResponse;
import org.apache.james.mime4j.codec.DecodeMonitor;
import org.apache.james.mime4j.codec.DecoderUtil;
import org.junit.jupiter.api.Test;

/** The name of {@code user@domain (Real Name)} in an ENVELOPE, as imaptest's {@code fetch-envelope} expects it. */
class EnvelopeNamesTest {

    private static FetchResponse.Envelope.Address bare(String mailbox, String host) {
        return new EnvelopeNames.Address(null, host, mailbox, null);
    }

    private static FetchResponse.Envelope envelope(FetchResponse.Envelope.Address[] from,
            FetchResponse.Envelope.Address[] to) {
        return new EnvelopeNames.Envelope("Thu, 15 Feb 2007 01:02:03 +0200", null, from, from, from, to, null, null, null, null);
    }

    private static byte[] header(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aCommentAfterAnAddressWithoutDisplayNameIsItsName() {
        FetchResponse.Envelope.Address[] from = {bare("user", "domain")};

        FetchResponse.Envelope named = EnvelopeNames.named(envelope(from, null),
            header("From: user@domain (Real Name)\r\n\r\n"));

        assertThat(named.getFrom()[0].getPersonalName()).isEqualTo("Real Name");
        assertThat(named.getFrom()[0].getMailboxName()).isEqualTo("user");
        assertThat(named.getFrom()[0].getHostName()).isEqualTo("domain");
    }

    @Test
    void anEmptySenderAndReplyToAreFromsWithItsName() {
        FetchResponse.Envelope.Address[] from = {bare("user", "domain")};

        FetchResponse.Envelope named = EnvelopeNames.named(envelope(from, null),
            header("From: user@domain (Real Name)\r\nSender: \r\nReply-To: \r\n\r\n"));

        assertThat(named.getSender()[0].getPersonalName()).isEqualTo("Real Name");
        assertThat(named.getReplyTo()[0].getPersonalName()).isEqualTo("Real Name");
    }

    @Test
    void aDisplayNameStaysTheNameAndACommentElsewhereIsIgnored() {
        FetchResponse.Envelope.Address[] from = {new EnvelopeNames.Address(null, "domain", "user", "Phrase")};
        FetchResponse.Envelope.Address[] to = {bare("a", "x.org"), bare("b", "x.org")};
        FetchResponse.Envelope original = envelope(from, to);

        FetchResponse.Envelope named = EnvelopeNames.named(original,
            header("From: Phrase <user@domain> (comment)\r\nTo: (first) a@x.org, b@x.org\r\n\r\n"));

        assertThat(named.getFrom()[0].getPersonalName()).isEqualTo("Phrase");
        assertThat(named.getTo()[0].getPersonalName()).isNull();
        assertThat(named.getTo()[1].getPersonalName()).isNull();
    }

    @Test
    void eachAddressOfAListGetsItsOwnCommentAndGroupMarkersAreLeftAlone() {
        FetchResponse.Envelope.Address[] to = {new EnvelopeNames.Address(null, null, "team", null), bare("a", "x.org"),
            bare("b", "x.org"), new EnvelopeNames.Address(null, null, null, null)};

        FetchResponse.Envelope named = EnvelopeNames.named(envelope(new FetchResponse.Envelope.Address[0], to),
            header("To: team: a@x.org (Anne),\r\n b@X.org (Bruno (night shift));\r\n\r\n"));

        assertThat(named.getTo()[0].getMailboxName()).isEqualTo("team");
        assertThat(named.getTo()[0].getPersonalName()).isNull();
        assertThat(named.getTo()[1].getPersonalName()).isEqualTo("Anne");
        assertThat(named.getTo()[2].getPersonalName()).isEqualTo("\"Bruno (night shift)\"");
        assertThat(named.getTo()[3].getMailboxName()).isNull();
    }

    @Test
    void anEncodedCommentIsDecodedThenEncodedAsJamesEncodesADisplayName() {
        FetchResponse.Envelope.Address[] from = {bare("labo", "chu.fr")};

        FetchResponse.Envelope named = EnvelopeNames.named(envelope(from, null),
            header("From: <labo@chu.fr> (=?UTF-8?Q?Laboratoire_d'h=C3=A9matologie?=)\r\n\r\n"));

        assertThat(DecoderUtil.decodeEncodedWords(named.getFrom()[0].getPersonalName(), DecodeMonitor.SILENT))
            .isEqualTo("Laboratoire d'hématologie");
    }

    @Test
    void anEnvelopeWhoseAddressesAllHaveNamesIsReturnedAsItIs() {
        FetchResponse.Envelope original = envelope(
            new FetchResponse.Envelope.Address[] {new EnvelopeNames.Address(null, "domain", "user", "Real")}, null);

        assertThat(EnvelopeNames.named(original, header("From: Real <user@domain>\r\n\r\n"))).isSameAs(original);
    }

    @Test
    void aCommentIsReadWithItsEscapesAndNestedParentheses() {
        assertThat(EnvelopeNames.commentAfter("a@b (x \\) (y) z)", 3)).isEqualTo("x ) (y) z");
        assertThat(EnvelopeNames.commentAfter("a@b> (x)", 3)).isEqualTo("x");
        assertThat(EnvelopeNames.commentAfter("a@b, c@d (x)", 3)).isNull();
        assertThat(EnvelopeNames.commentAfter("a@b (unclosed", 3)).isNull();
    }
}
