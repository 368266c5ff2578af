package fr.caducee.webmail.port;

import java.util.Objects;

/** What became of a message the patient sent. */
public sealed interface SendOutcome {

    /** Accepted by the submission chain (its 250), and copied to the box's Sent folder. */
    record Sent(String messageId) implements SendOutcome {
        public Sent {
            Objects.requireNonNull(messageId, "messageId");
        }
    }

    /**
     * Refused by the submission chain: its reply ({@code "550 5.7.1"}), the rule id and the sentence, as an SMTP
     * client would have got them (the chain audited the refusal).
     */
    record Refused(String reply, String rule, String sentence) implements SendOutcome {
        public Refused {
            Objects.requireNonNull(reply, "reply");
            Objects.requireNonNull(rule, "rule");
            Objects.requireNonNull(sentence, "sentence");
        }

        /** True for a 4xx: the same message may be sent again later. */
        public boolean temporary() {
            return reply.startsWith("4");
        }
    }
}
