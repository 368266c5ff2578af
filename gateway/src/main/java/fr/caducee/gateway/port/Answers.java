package fr.caducee.gateway.port;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

import fr.caducee.domain.model.BoxAddress;
import fr.caducee.gateway.DependencyUnavailableException;
import fr.caducee.gateway.message.Header;

/**
 * The acknowledgements already given, by the hospital's box and MSH-10 (table {@code gateway_message}): a message
 * sent again gets the answer it got the first time, and nothing else happens. {@code AR} is never stored.
 */
public interface Answers {

    /** @throws DependencyUnavailableException the database cannot be reached: answer {@code AR} */
    Optional<Answer> find(BoxAddress peer, String controlId) throws DependencyUnavailableException;

    /**
     * Keeps the answer unless one is kept already for this message (sent twice at once): the first one kept wins,
     * and is returned, so that both copies get the same bytes.
     *
     * @param header the message's MSH, kept for the business receipts (their MSH-5/6 are its MSH-3/4)
     * @throws DependencyUnavailableException the database cannot be reached: answer {@code AR}, nothing kept
     */
    Answer keep(BoxAddress peer, Header header, Instant receivedAt, Answer answer)
        throws DependencyUnavailableException;

    /**
     * @param code    MSA-1, {@code AA} or {@code AE}
     * @param ack     the acknowledgement as sent
     * @param summary what the message caused, or the refusal's sentence
     */
    record Answer(String code, byte[] ack, String summary) {
        public Answer {
            Objects.requireNonNull(code, "code");
            Objects.requireNonNull(ack, "ack");
            summary = Objects.requireNonNullElse(summary, "");
        }
    }
}
