package fr.caducee.server.imap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import org.apache.james.imap.api.ImapConfiguration;
import org.apache.james.imap.api.ImapMessage;
import org.apache.james.imap.api.Tag;
import org.apache.james.imap.api.message.BodyFetchElement;
import org.apache.james.imap.api.message.FetchData;
import org.apache.james.imap.api.message.IdRange;
import org.apache.james.imap.api.message.SectionType;
import org.apache.james.imap.api.message.response.ImapResponseMessage;
import org.apache.james.imap.api.process.ImapProcessor;
import org.apache.james.imap.api.process.ImapSession;
import org.apache.james.imap.message.request.FetchRequest;
import org.apache.james.imap.message.response.FetchResponse;
import org.apache.james.mailbox.MessageSequenceNumber;
import org.apache.james.mailbox.MessageUid;
import org.junit.jupiter.api.Test;

import reactor.core.publisher.Mono;

/** ENVELOPE names from comments and the blank line of an empty MIME header, on their way from James's FETCH. */
class FetchConformanceTest {
    private final WrittenAnswers written = new WrittenAnswers();
    private FetchRequest seenByJames;

    private static FetchRequest fetch(FetchData data) {
        return new FetchRequest(false, new IdRange[] {new IdRange(1)}, data, new Tag("a1"));
    }

    private static FetchResponse answer(FetchResponse.Envelope envelope, List<FetchResponse.BodyElement> elements) {
        return new FetchResponse(MessageSequenceNumber.of(1), null, MessageUid.of(1), Optional.empty(), null, null,
            null, envelope, null, null, elements, null, null);
    }

    private static FetchResponse.BodyElement element(String name, String content) {
        byte[] bytes = content.getBytes(StandardCharsets.US_ASCII);
        return new FetchResponse.BodyElement() {
            @Override
            public String getName() {
                return name;
            }

            @Override
            public long size() {
                return bytes.length;
            }

            @Override
            public InputStream getInputStream() {
                return new ByteArrayInputStream(bytes);
            }
        };
    }

    private static String text(FetchResponse.BodyElement element) throws IOException {
        try (InputStream in = element.getInputStream()) {
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        }
    }

    /** Runs {@code request} through FetchConformance in front of a James that answers what {@code james} gives. */
    private void run(FetchRequest request, Function<FetchRequest, ImapResponseMessage> james) {
        ImapProcessor fake = new ImapProcessor() {
            @Override
            public Mono<Void> processReactive(ImapMessage message, Responder responder, ImapSession session) {
                seenByJames = (FetchRequest) message;
                return Mono.fromRunnable(() -> responder.respond(james.apply(seenByJames)));
            }

            @Override
            public void configure(ImapConfiguration imapConfiguration) {
            }
        };
        new FetchConformance(fake).processReactive(request, written, mock(ImapSession.class)).block();
    }

    @Test
    void anEnvelopeAddressWrittenWithACommentIsNamedByItAndTheFieldsAskedForItAreNotWritten() {
        FetchRequest request = fetch(FetchData.builder().fetch(FetchData.Item.ENVELOPE, FetchData.Item.UID).build());
        FetchResponse.Envelope.Address[] from = {new EnvelopeNames.Address(null, "domain", "user", null)};

        run(request, asked -> answer(new EnvelopeNames.Envelope(null, null, from, from, from, null, null, null, null, null),
            List.of(element(FetchConformance.ENVELOPE_FIELDS, "From: user@domain (Real Name)\r\n\r\n"))));

        BodyFetchElement fields = seenByJames.getFetch().getBodyElements().iterator().next();
        assertThat(fields.getResponseName()).isEqualTo(FetchConformance.ENVELOPE_FIELDS);
        assertThat(fields.getSectionType()).isEqualTo(SectionType.HEADER_FIELDS);
        assertThat(seenByJames.getFetch().isSetSeen()).isFalse();
        assertThat(seenByJames.getFetch().contains(FetchData.Item.MODSEQ)).isFalse();
        assertThat(seenByJames.getFetch().contains(FetchData.Item.UID)).isTrue();
        FetchResponse out = (FetchResponse) written.get(0);
        assertThat(out.getElements()).isNull();
        assertThat(out.getEnvelope().getFrom()[0].getPersonalName()).isEqualTo("Real Name");
        assertThat(out.getEnvelope().getSender()[0].getPersonalName()).isEqualTo("Real Name");
    }

    @Test
    void theClientsOwnSectionsAndTheirSeenEffectArePassedOnBesideTheEnvelopeFields() throws IOException {
        BodyFetchElement text = new BodyFetchElement("BODY[TEXT]", SectionType.TEXT, null, null, null, null);
        FetchRequest request = fetch(FetchData.builder().fetch(FetchData.Item.ENVELOPE).add(text, false).build());
        FetchResponse.Envelope.Address[] from = {new EnvelopeNames.Address(null, "domain", "user", "Named")};

        run(request, asked -> answer(new EnvelopeNames.Envelope(null, null, from, from, from, null, null, null, null, null),
            List.of(element("BODY[TEXT]", "body\r\n"), element(FetchConformance.ENVELOPE_FIELDS, "From: Named <user@domain>\r\n\r\n"))));

        assertThat(seenByJames.getFetch().getBodyElements()).hasSize(2).contains(text);
        assertThat(seenByJames.getFetch().isSetSeen()).isTrue();
        FetchResponse out = (FetchResponse) written.get(0);
        assertThat(out.getElements()).hasSize(1);
        assertThat(text(out.getElements().get(0))).isEqualTo("body\r\n");
    }

    @Test
    void anEmptyMimeHeaderIsAnsweredWithTheBlankLineThatEndsIt() throws IOException {
        BodyFetchElement mime = new BodyFetchElement("BODY[1.1.MIME]", SectionType.MIME, new int[] {1, 1}, null, null, null);
        BodyFetchElement partial = new BodyFetchElement("BODY[1.1.MIME]", SectionType.MIME, new int[] {1, 1}, null, 1L, 5L);

        run(fetch(FetchData.builder().add(mime, true).build()),
            asked -> answer(null, List.of(element("BODY[1.1.MIME]", ""))));
        run(fetch(FetchData.builder().add(partial, true).build()),
            asked -> answer(null, List.of(element("BODY[1.1.MIME]<1>", ""))));

        assertThat(text(((FetchResponse) written.get(0)).getElements().get(0))).isEqualTo("\r\n");
        FetchResponse.BodyElement part = ((FetchResponse) written.get(1)).getElements().get(0);
        assertThat(part.getName()).isEqualTo("BODY[1.1.MIME]<1>");
        assertThat(text(part)).isEqualTo("\n");
    }

    @Test
    void aMimeHeaderWithFieldsIsWrittenAsJamesWroteIt() throws IOException {
        BodyFetchElement mime = new BodyFetchElement("BODY[1.2.MIME]", SectionType.MIME, new int[] {1, 2}, null, null, null);

        run(fetch(FetchData.builder().add(mime, true).build()),
            asked -> answer(null, List.of(element("BODY[1.2.MIME]", "X-Mime: m2 header\r\n\r\n"))));

        assertThat(text(((FetchResponse) written.get(0)).getElements().get(0))).isEqualTo("X-Mime: m2 header\r\n\r\n");
    }

    @Test
    void aFetchFullReachesJamesUnchangedForJamesBuildsItsBodyStructureOnlyWithoutSections() {
        FetchRequest full = fetch(FetchData.builder().fetch(FetchData.Item.FLAGS, FetchData.Item.INTERNAL_DATE,
            FetchData.Item.SIZE, FetchData.Item.ENVELOPE, FetchData.Item.BODY).build());
        FetchResponse answer = answer(null, null);

        run(full, asked -> answer);

        assertThat(seenByJames).isSameAs(full);
        assertThat(written).containsExactly(answer);
    }

    @Test
    void aFetchWithoutEnvelopeNorMimeReachesJamesUnchanged() {
        FetchRequest request = fetch(FetchData.builder().fetch(FetchData.Item.FLAGS).build());
        FetchResponse flags = answer(null, null);

        run(request, asked -> flags);

        assertThat(seenByJames).isSameAs(request);
        assertThat(written).containsExactly(flags);
    }
}
