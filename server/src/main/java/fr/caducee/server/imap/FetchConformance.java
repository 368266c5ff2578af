package fr.caducee.server.imap;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import javax.inject.Inject;

import org.apache.james.imap.api.ImapConfiguration;
import org.apache.james.imap.api.ImapMessage;
import org.apache.james.imap.api.message.BodyFetchElement;
import org.apache.james.imap.api.message.FetchData;
import org.apache.james.imap.api.message.SectionType;
import org.apache.james.imap.api.message.response.ImapResponseMessage;
import org.apache.james.imap.api.process.ImapProcessor;
import org.apache.james.imap.api.process.ImapSession;
import org.apache.james.imap.message.request.FetchRequest;
import org.apache.james.imap.message.response.FetchResponse;
import org.apache.james.imap.processor.DefaultProcessor;

import reactor.core.publisher.Mono;

/**
 * Two FETCH answers James 3.8.1 gets wrong, put right on their way to the client (imaptest's {@code fetch-envelope}
 * and {@code fetch-body-message-rfc822-mime}, which Dovecot passes):
 * <ul>
 *   <li>ENVELOPE: an address written {@code user@domain (Real Name)} has the comment as its name
 *   ({@link EnvelopeNames}). James's envelope builder drops it; to find it without reading the message again, a FETCH
 *   asking for ENVELOPE also asks James, under a name no client can send, for the header fields the envelope is built
 *   from (the same header James reads for the envelope), which are taken out of the answer. Not with the BODY
 *   structure and no section of the client's ({@code FETCH FULL}): James builds that structure only when no section is
 *   fetched, so such a FETCH is left as it is.</li>
 *   <li>{@code BODY[n.MIME]} of a part that has no header field (a part of a multipart/digest that starts with its
 *   blank line, for example): James answers an empty string, leaving out the blank line that ends every header
 *   (RFC 9051 6.4.5: the MIME header of the part, which is that line); it is answered {@code "\r\n"}.</li>
 * </ul>
 */
public final class FetchConformance implements ImapProcessor {
    /** The name of the header fields fetched for the envelope: not one a client's FETCH can produce. */
    static final String ENVELOPE_FIELDS = "CADUCEE-ENVELOPE-FIELDS";
    private static final byte[] BLANK_LINE = "\r\n".getBytes(StandardCharsets.US_ASCII);

    private final ImapProcessor processors;

    @Inject
    public FetchConformance(DefaultProcessor processors) {
        this((ImapProcessor) processors);
    }

    FetchConformance(ImapProcessor processors) {
        this.processors = processors;
    }

    @Override
    public Mono<Void> processReactive(ImapMessage message, Responder responder, ImapSession session) {
        if (!(message instanceof FetchRequest fetch)) {
            return processors.processReactive(message, responder, session);
        }
        // James builds the BODY structure only when no section is fetched: with BODY and no section of the client's
        // (FETCH FULL), no section is added, and the envelope keeps James's names.
        FetchData data = fetch.getFetch();
        boolean envelope = data.contains(FetchData.Item.ENVELOPE)
            && !(data.contains(FetchData.Item.BODY) && data.getBodyElements().isEmpty());
        Map<String, BodyFetchElement> mimeSections = mimeSections(data);
        if (!envelope && mimeSections.isEmpty()) {
            return processors.processReactive(message, responder, session);
        }
        ImapMessage asked = envelope ? withEnvelopeFields(fetch) : fetch;
        return processors.processReactive(asked, new Responder() {
            @Override
            public void respond(ImapResponseMessage answer) {
                responder.respond(answer instanceof FetchResponse found ? corrected(found, mimeSections) : answer);
            }

            @Override
            public void flush() {
                responder.flush();
            }
        }, session);
    }

    /** The {@code BODY[...MIME]} sections asked for, by the name their answer has (a partial one with its origin). */
    static Map<String, BodyFetchElement> mimeSections(FetchData fetch) {
        Map<String, BodyFetchElement> sections = new HashMap<>();
        for (BodyFetchElement element : fetch.getBodyElements()) {
            if (element.getSectionType() == SectionType.MIME) {
                sections.put(element.getFirstOctet() == null ? element.getResponseName()
                    : element.getResponseName() + "<" + element.getFirstOctet() + ">", element);
            }
        }
        return sections;
    }

    /**
     * The same FETCH asking for the envelope's header fields as well. Built item by item: James's
     * {@code FetchData.Builder.from} would add MODSEQ to every FETCH.
     */
    static FetchRequest withEnvelopeFields(FetchRequest fetch) {
        FetchData data = fetch.getFetch();
        FetchData.Builder builder = FetchData.builder();
        for (FetchData.Item item : FetchData.Item.values()) {
            if (data.contains(item)) {
                builder.fetch(item);
            }
        }
        if (data.getChangedSince() != -1) {
            builder.changedSince(data.getChangedSince());
        }
        builder.vanished(data.getVanished());
        boolean peek = !data.isSetSeen();
        for (BodyFetchElement element : data.getBodyElements()) {
            builder.add(element, peek);
        }
        builder.add(new BodyFetchElement(ENVELOPE_FIELDS, SectionType.HEADER_FIELDS, null, EnvelopeNames.FIELDS,
            null, null), true);
        return new FetchRequest(fetch.isUseUids(), fetch.getIdSet(), builder.build(), fetch.getTag());
    }

    static FetchResponse corrected(FetchResponse answer, Map<String, BodyFetchElement> mimeSections) {
        List<FetchResponse.BodyElement> elements = answer.getElements();
        if (elements == null) {
            return answer;
        }
        FetchResponse.Envelope envelope = answer.getEnvelope();
        List<FetchResponse.BodyElement> kept = new ArrayList<>(elements.size());
        boolean changed = false;
        for (FetchResponse.BodyElement element : elements) {
            if (ENVELOPE_FIELDS.equals(element.getName())) {
                if (envelope != null && EnvelopeNames.anyUnnamed(envelope)) {
                    envelope = EnvelopeNames.named(envelope, bytes(element));
                }
                changed = true;
            } else if (mimeSections.containsKey(element.getName()) && size(element) == 0) {
                kept.add(blankLine(element, mimeSections.get(element.getName())));
                changed = true;
            } else {
                kept.add(element);
            }
        }
        if (!changed) {
            return answer;
        }
        return new FetchResponse(answer.getMessageNumber(), answer.getFlags(), answer.getUid(), answer.getSaveDate(),
            answer.getModSeq(), answer.getInternalDate(), answer.getSize(), envelope, answer.getBody(),
            answer.getBodyStructure(), kept.isEmpty() ? null : kept, answer.getEmailId(), answer.getThreadId());
    }

    private static long size(FetchResponse.BodyElement element) {
        try {
            return element.size();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] bytes(FetchResponse.BodyElement element) {
        try (InputStream in = element.getInputStream()) {
            return in.readNBytes((int) element.size());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The blank line in place of an empty MIME header, or the part of it a partial fetch asks for. */
    private static FetchResponse.BodyElement blankLine(FetchResponse.BodyElement empty, BodyFetchElement asked) {
        int from = (int) Math.min(asked.getFirstOctet() == null ? 0 : asked.getFirstOctet(), BLANK_LINE.length);
        int to = (int) Math.min(asked.getNumberOfOctets() == null ? BLANK_LINE.length : from + asked.getNumberOfOctets(),
            BLANK_LINE.length);
        byte[] content = Arrays.copyOfRange(BLANK_LINE, from, to);
        return new FetchResponse.BodyElement() {
            @Override
            public String getName() {
                return empty.getName();
            }

            @Override
            public long size() {
                return content.length;
            }

            @Override
            public InputStream getInputStream() {
                return new ByteArrayInputStream(content);
            }
        };
    }

    @Override
    public void configure(ImapConfiguration imapConfiguration) {
        processors.configure(imapConfiguration);
    }
}
